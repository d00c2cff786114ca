"""Pure facilitation rules: vote budgets and tallies, agenda timing, presentation
order, rock checks, interest levels and text cleaning.

Standard library only: no I/O, no database, no Qt.
"""
