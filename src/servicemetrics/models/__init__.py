"""Probabilistic customer-base models fitted by maximum likelihood.

Every model is a frozen value: ``Model.fit(...)`` returns an instance holding the parameters
(named as in the model's paper), the total log-likelihood and the standard errors, and its
methods predict. A model can also be built from its parameters alone, for example
``BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)``.

All models share one fitting core (:func:`maximize_likelihood`): optimisation over the
logarithms of the parameters, weights for compressed data (one row per distinct history with
its count), standard errors from the observed information, and a :class:`ConvergenceError`
rather than estimates that are not a maximum.
"""

from servicemetrics.models._base import CustomerHistories, FittedModel, ParameterSummary
from servicemetrics.models._beta_geo import BetaGeo
from servicemetrics.models._bgbb import BetaGeoBetaBinom, DiscreteHistories
from servicemetrics.models._clv import customer_lifetime_value
from servicemetrics.models._fitting import (
    ConvergenceError,
    MaximumLikelihood,
    maximize_likelihood,
)
from servicemetrics.models._gamma_gamma import GammaGamma
from servicemetrics.models._mbg import ModifiedBetaGeo
from servicemetrics.models._pareto_nbd import ParetoNBD
from servicemetrics.models._shifted_beta_geometric import ShiftedBetaGeometric

__all__ = [
    "BetaGeo",
    "BetaGeoBetaBinom",
    "ConvergenceError",
    "CustomerHistories",
    "DiscreteHistories",
    "FittedModel",
    "GammaGamma",
    "MaximumLikelihood",
    "ModifiedBetaGeo",
    "ParameterSummary",
    "ParetoNBD",
    "ShiftedBetaGeometric",
    "customer_lifetime_value",
    "maximize_likelihood",
]
