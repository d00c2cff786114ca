"""The workshop pack: a neutral Report built from a workshop, rendered to Word and PDF.

Qt-free.  The CLI and the GUI call ``export_pack`` (or ``load_report`` + ``check_text`` +
``write_pack`` to ask about unprintable characters before writing):

- ``report.build_report(ow)`` / ``pack.load_report(path)``: the content, as plain dataclasses
  (``content.Report``), read from a read-only connection;
- ``coverage.check_text(report)``: items the PDF cannot show as typed (CJK, some emoji, right to left);
- ``docx_exporter.DocxExporter`` and ``pdf_exporter.PdfExporter``: the two renderers;
- ``pack.write_pack`` / ``pack.export_pack``: atomic, cancellable writing with progress;
- ``subprocess_export.export_in_subprocess``: the same export in a child process
  (``export.child``), for the GUI: rendering then never holds the GUI process's GIL.

Speed: the Word body is spliced into the package as text (``docx_xml.save_with_body``); long
PDF tables are laid out a page at a time (``pdf_flow``).
"""
