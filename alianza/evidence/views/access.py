"""Who may use the data staff pages: staff holding the evidence permissions."""

from __future__ import annotations

from alianza.core.access import staff_required

FORBIDDEN = "evidence/forbidden.html"

can_import = staff_required("evidence.import_dataset", template=FORBIDDEN)
can_run = staff_required("evidence.run_student_rules", template=FORBIDDEN)
