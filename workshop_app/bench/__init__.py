"""The benchmark behind ``workshop-app bench``: workloads, timing statistics, figures and the report.

Nothing here imports Qt, reportlab or python-docx at import time; a figure imports what it
measures when it runs (the GUI figures run in child processes, see ``gui_probe``).
"""
