"""Reading spreadsheets and text files that come from outside, within bounded memory and time.

Every upload (contact imports, state data files, student files, and later library uploads,
XLSForms and bill files) is untrusted: a 5 KB workbook can declare a cell at XFD1048576, a
zip can expand a thousandfold, XML can define entities that expand exponentially, a CSV line
can hold ten million fields. Third-party readers size their buffers from what the file
*declares*, so this module never hands them an unchecked file:

- ``check_zip`` looks at the container before anything is decompressed: number of entries,
  total and per-entry uncompressed size, compression ratio, encryption, and XML that
  declares a DOCTYPE or entities.
- ``iter_xlsx_rows`` streams a worksheet row by row with expat, after refusing any DOCTYPE
  (so no entity is ever declared or expanded), ignores the declared dimensions, skips empty
  cells and rows instead of materialising them, and stops at the first limit exceeded.
- ``iter_csv_rows`` and ``check_text_head`` bound line, record and column counts before the
  csv module or polars build anything.

Memory is therefore proportional to one row plus the shared strings (themselves bounded by
the uncompressed-size limit), and time is linear in the bytes really present.

Errors are ``UntrustedFileError`` with a stable ``code`` and ``params`` and an English
message; the web layer translates them (``alianza.core.untrusted_messages``). No Django
import here: the student-file rules engine, which runs outside Django, uses this package too.

The package's modules: ``limits`` (limits, codes, errors), ``container`` (the zip and its
XML parts), ``xlsx`` (streaming a sheet), ``scan`` (quick scans, and calamine when a sheet is
small enough), ``text`` (delimited text). Everything public is importable from here.
"""

from alianza.core.untrusted.container import check_zip, sniff
from alianza.core.untrusted.image import ImageInfo, check_image
from alianza.core.untrusted.limits import (
    COMPRESSED_MAGIC,
    DEFAULT_LIMITS,
    OLE_MAGIC,
    TEMPLATES,
    ZIP_MAGIC,
    Limits,
    UntrustedFileError,
)
from alianza.core.untrusted.scan import count_xlsx_rows
from alianza.core.untrusted.text import check_text_head, iter_csv_rows
from alianza.core.untrusted.xlsx import Workbook, iter_xlsx_rows, open_workbook

__all__ = [
    "COMPRESSED_MAGIC", "DEFAULT_LIMITS", "OLE_MAGIC", "TEMPLATES", "ZIP_MAGIC", "ImageInfo",
    "Limits", "UntrustedFileError", "Workbook", "check_image", "check_text_head", "check_zip",
    "count_xlsx_rows", "iter_csv_rows", "iter_xlsx_rows", "open_workbook", "sniff",
]
