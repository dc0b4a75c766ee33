r"""Word of mouth: how far satisfied and dissatisfied customers' stories travel.

The field's folklore says that an unhappy customer tells 9 to 15 people, a happy one 4 to 6,
and that few unhappy customers ever complain. This module turns such figures into expected
reach, with the uncertainty they really carry, and takes your own numbers just as well:

* **Reach**: :func:`expected_reach` (customers × share who talk × people each tells),
  :func:`unique_reach` (distinct hearers in a finite population) and :func:`reach_balance`
  (positive against negative word of mouth).
* **The complaint iceberg**: :func:`complaint_iceberg` estimates the dissatisfied customers
  behind the complaints, with an interval when the complaint rate is uncertain.
* **Telling distributions**: :class:`TellingDistribution`, a negative binomial count that can
  be calibrated from published summaries ("mean 10, 13% tell more than 20") with
  :meth:`TellingDistribution.from_tail`; the presets :data:`UNHAPPY_TELLING` and
  :data:`RESOLVED_TELLING` come from :mod:`servicemetrics.reference` with their grades.
* **Cascades**: :func:`cascade_reach`, :func:`extinction_probability` and
  :func:`final_size` treat retelling as a Galton–Watson branching process (and, in a finite
  population, as an SIR-type epidemic); :func:`simulate_cascade` and :func:`simulate_reach`
  simulate it, reproducibly.
* **Diffusion**: the Bass model (:func:`bass_adoption`, :func:`bass_rate`,
  :func:`bass_adopters`, :func:`bass_peak`) and its least-squares fit :func:`fit_bass`.
* **Value**: :func:`customers_kept` under a table of complaint outcomes and buy-again rates,
  and :func:`referral_value` after Kumar, Petersen & Leone.

No figure from the field is used as a silent default: pass the rates and counts you believe,
and compare them with :mod:`servicemetrics.reference`.
"""

from __future__ import annotations

from typing import Final

from servicemetrics import reference
from servicemetrics.word_of_mouth._bass import (
    BassFit,
    BassPeak,
    bass_adopters,
    bass_adoption,
    bass_peak,
    bass_rate,
    fit_bass,
)
from servicemetrics.word_of_mouth._cascade import (
    CascadeReach,
    SimulatedCascade,
    SimulatedReach,
    cascade_reach,
    extinction_probability,
    final_size,
    simulate_cascade,
    simulate_reach,
)
from servicemetrics.word_of_mouth._reach import (
    ComplaintIceberg,
    ReachBalance,
    complaint_iceberg,
    expected_reach,
    reach_balance,
    unique_reach,
)
from servicemetrics.word_of_mouth._telling import TellingDistribution
from servicemetrics.word_of_mouth._value import (
    RecoveryOutcome,
    complaint_outcome_shares,
    customers_kept,
    referral_value,
)

UNHAPPY_TELLING: Final = TellingDistribution.from_reference(reference.UNHAPPY_CUSTOMER_TELLS)
"""People an unhappy customer tells, a negative binomial with mean 10 and dispersion 1.1.

:meta hide-value:

Built from ``reference.UNHAPPY_CUSTOMER_TELLS`` and graded illustrative like it: the mean of
10 and the 13% who tell more than 20 come from the TARP surveys as retold by Albrecht & Zemke.

Examples
--------
>>> from servicemetrics import word_of_mouth as wom
>>> wom.UNHAPPY_TELLING.grade.value, round(wom.UNHAPPY_TELLING.sf(20), 2)
('illustrative', 0.13)
"""

RESOLVED_TELLING: Final = TellingDistribution.from_reference(
    reference.RESOLVED_COMPLAINANT_TELLS,
    dispersion=UNHAPPY_TELLING.dispersion,
)
"""People told after a resolved complaint, a negative binomial with mean 5 and dispersion 1.1.

:meta hide-value:

The mean comes from ``reference.RESOLVED_COMPLAINANT_TELLS`` (illustrative). No tail share is
published for this group, so the dispersion is borrowed from :data:`UNHAPPY_TELLING`: an
assumption, not a finding.

Examples
--------
>>> from servicemetrics import word_of_mouth as wom
>>> wom.RESOLVED_TELLING.mean, wom.RESOLVED_TELLING.dispersion
(5.0, 1.1)
"""

__all__ = [
    "RESOLVED_TELLING",
    "UNHAPPY_TELLING",
    "BassFit",
    "BassPeak",
    "CascadeReach",
    "ComplaintIceberg",
    "ReachBalance",
    "RecoveryOutcome",
    "SimulatedCascade",
    "SimulatedReach",
    "TellingDistribution",
    "bass_adopters",
    "bass_adoption",
    "bass_peak",
    "bass_rate",
    "cascade_reach",
    "complaint_iceberg",
    "complaint_outcome_shares",
    "customers_kept",
    "expected_reach",
    "extinction_probability",
    "final_size",
    "fit_bass",
    "reach_balance",
    "referral_value",
    "simulate_cascade",
    "simulate_reach",
    "unique_reach",
]
