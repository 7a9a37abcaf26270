"""``plansite export-template``: the template of a valid plan, written to a file.

The plan is checked exactly as ``plansite validate`` checks it, and the template is filled in from
what validation read (``template``), so a plan with errors gives no template. ``export_template``
names each step to ``progress`` as it begins (``STEPS``): ``check`` the plan, ``fill`` in the
workbook, ``save`` it. Validation loads frictionless and the workbook openpyxl, which take a second
each: they are imported in the step that needs them, so the first step shows at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from generator.config.limits import Limits
from generator.model.problems import Report

#: The steps of ``export_template``, in order.
STEPS = ("check", "fill", "save")


def export_template(folder: Path, output: Path, *, lang: str = "sv", limits: Limits | None = None,
                    progress: Callable[[str], None] | None = None) -> Report:
    """Check the plan in ``folder`` and, when it is valid, write its template (help in ``lang``) to
    ``output``. The report says what validation found; the file is written only when the plan is in
    ``report.validated``."""
    progress = progress or (lambda step: None)
    progress("check")
    from generator.validate.project import validate_project

    report = validate_project(folder, limits=limits)
    validated = report.validated.get(folder.name)
    if validated is None:
        return report
    progress("fill")
    from generator.authoring import template

    book = template.build_workbook(json.loads(validated.files["datapackage.json"]), dict(validated.files), lang=lang)
    progress("save")
    template.write_workbook(book, output)
    return report
