"""The core of the Central Asia + Japan Dialogue site: load, validate, model and render `data/`.

Nothing here imports MkDocs; the hooks in `hooks/main.py` only dispatch to it.
"""
