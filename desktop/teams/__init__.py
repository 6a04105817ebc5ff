"""Team workflows over a project: batches, agreement, adjudication of what needs no
judgement, and team statistics.

The glue between the store (layers, merge, batch files) and ``desktop.quality`` (the numbers),
shared by the command line and the GUI so neither holds logic of its own. Qt-free.
"""

from desktop.teams.adjudicate import AdjudicationRun, adjudicate
from desktop.teams.agree import agreement_report, format_agreement
from desktop.teams.batch import BatchResult, make_batches
from desktop.teams.stats import team_stats

__all__ = ["AdjudicationRun", "BatchResult", "adjudicate", "agreement_report", "format_agreement",
           "make_batches", "team_stats"]
