"""The knowledge service's capabilities, one class each over its repository (``repository.py``):
``Connections``, ``Demo``, ``Syncs``, ``Assets``, ``Catalog`` (tables, docs, access and the
versioned catalog maps), ``Search`` and ``Query`` (the schema an engine sees, the guarded query
path). ``KnowledgeDomain`` (``domain.py``) builds and wires them; each is usable on its own."""
