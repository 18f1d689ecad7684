"""``python -m claimwatch`` runs the command line."""
from claimwatch.cli.main import run

run()
