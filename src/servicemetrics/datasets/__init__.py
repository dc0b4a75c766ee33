"""Example data sets, with their construction or their source documented.

``load_example_customers`` builds a small synthetic subscription business used by the
documentation and by ``python -m servicemetrics demo``. ``load_cdnow_transactions`` loads the
public CDNOW sample transaction log of Fader & Hardie, shipped with the package.
"""

from servicemetrics.datasets._cdnow_transactions import CdnowTransactions, load_cdnow_transactions
from servicemetrics.datasets._example import ExampleCustomerBase, load_example_customers

__all__ = [
    "CdnowTransactions",
    "ExampleCustomerBase",
    "load_cdnow_transactions",
    "load_example_customers",
]
