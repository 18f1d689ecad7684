"""claimwatch: figures, dates and targets from ko/ja/zh pages, and where sources disagree.

The repository root is the ``claimwatch`` package (setuptools ``package-dir``), so this
file must stay free of imports: ``claimwatch --help`` has to start fast.
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/claimwatch/claimwatch"
