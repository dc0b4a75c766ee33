"""Example data sets, with their construction or their source documented.

``load_example_customers`` builds a small synthetic subscription business used by the
documentation and by ``python -m servicemetrics demo``. ``load_cdnow_transactions`` loads the
public CDNOW sample transaction log of Fader & Hardie, shipped with the package.
``load_cdnow_summary``, ``load_donations`` and ``load_sbg_survivors`` return small published
data sets (with their sources) on which the customer-base models reproduce the published
estimates.
"""

from servicemetrics.datasets._cdnow_summary import CdnowSummary, load_cdnow_summary
from servicemetrics.datasets._cdnow_transactions import CdnowTransactions, load_cdnow_transactions
from servicemetrics.datasets._donations import load_donations
from servicemetrics.datasets._example import ExampleCustomerBase, load_example_customers
from servicemetrics.datasets._sbg import SurvivorCounts, load_sbg_survivors

__all__ = [
    "CdnowSummary",
    "CdnowTransactions",
    "ExampleCustomerBase",
    "SurvivorCounts",
    "load_cdnow_summary",
    "load_cdnow_transactions",
    "load_donations",
    "load_example_customers",
    "load_sbg_survivors",
]
