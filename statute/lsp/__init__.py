"""``statute lsp``: a language server for ``.law`` and ``.feature`` files (docs/editors.md).

It sits on top of the stages and nothing imports it: the loader, the checks and the
scenario machinery say what is wrong, in the words ``statute check`` and the pytest
plugin use; this package only places their answers in an editor.

* :mod:`~statute.lsp.project` — the open documents over the files on disk, and the Acts
  they make (which files form an Act, loaded from the editor's unsaved text);
* :mod:`~statute.lsp.locate` — where things are written: provision ids, phrases, steps;
* :mod:`~statute.lsp.law` — what the server says about a ``.law`` file;
* :mod:`~statute.lsp.feature` — what it says about a ``.feature`` file;
* :mod:`~statute.lsp.server` — the Language Server Protocol wiring (pygls), debouncing
  and the bounds that keep a pathological file from stalling it.

Everything but :mod:`~statute.lsp.server` is plain Python over plain data (0-based lines,
columns counted in characters), so it is tested without a client; the server converts
to the client's position encoding.
"""
