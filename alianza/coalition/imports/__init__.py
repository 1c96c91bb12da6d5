"""Contact import: reading CSV/XLSX files, mapping their columns and checking each row.

The modules here hold no database writes: ``readers`` turns a file into rows of text,
``fields`` knows the fields people and organizations can be imported into and how to clean
each value, ``languages`` turns "Español" or "es_mx" into a BCP 47 tag. The writes live in
``alianza.coalition.services.imports``.
"""
