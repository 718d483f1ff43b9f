"""Validation rules for ``typeset check``: each returns a list of Diagnostics.

``check_project(project_dir)`` runs them all (see ``runner``); the rules live
in one module per family: ``bibtex`` (whole-file rules), ``fields`` (per
field), ``citations`` (manuscript against bibliography), ``metadata``.
"""

from typeset.checks.runner import check_project, sort_diagnostics

__all__ = ["check_project", "sort_diagnostics"]
