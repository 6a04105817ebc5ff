"""Import and export formats: one package per format, the pipelines around them.

- ``<format>/reader.py``, ``<format>/writer.py``: one format each (brat, doccano, jsonl,
  labelstudio, csv, txt, html; conll, hf, spacy, network). They see only core objects.
- ``registry.py``: the table of formats (labels, suffixes, sniffing, reader, writer,
  options) that the command line, the dialogs and the pipelines read.
- ``importing.py`` -> ``extending.py`` (--extend-codebook) -> ``storing.py``: the import.
- ``exporting.py``: the export; ``writing.py`` what writers share (staging, splits, manifest).
- ``store_calls.py``: every call these pipelines make into the store.
- Shared by readers: ``records.py``, ``sources.py``, ``files.py``, ``json_lines.py``,
  ``layer_builder.py``; by writers: ``tokens.py``. ``progress.py``: progress and cancel.
"""
