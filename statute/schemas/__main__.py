"""``python -m statute.schemas``: regenerate the published JSON Schema files from :mod:`statute.schemas`."""

from statute.schemas import write_all

for path in write_all():
    print(path)
