"""Session note templates as data: SOAP, DAP and BIRP, each a list of sections with the words a
counselor reads beside the box (instruments.md: the three formats US behavioral-health programs
use for progress notes).

A note stores its sections as {key: text} for its format's keys (SessionNote.sections); pages,
the API and signing all read the sections from here, so a format is changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from alongside.counseling.models import NoteFormat

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A section's text: a long session is a few pages, not a book.
SECTION_MAX = 10_000
GROUP_PART_MAX = 10_000
ADDENDUM_MAX = 5_000


@dataclass(frozen=True)
class Section:
    key: str
    label: StrOrPromise
    hint: StrOrPromise


@dataclass(frozen=True)
class Template:
    format: str
    name: StrOrPromise
    sections: tuple[Section, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)

    @property
    def label(self) -> StrOrPromise:
        """The format spelt out: "DAP (data, assessment, plan)"."""
        return NoteFormat(self.format).label


PLAN = Section(
    "plan",
    _("Plan"),
    _("What happens next: homework, the next session, referrals, changes to the treatment plan."),
)

TEMPLATES: dict[str, Template] = {
    NoteFormat.SOAP: Template(
        NoteFormat.SOAP,
        _("SOAP"),
        (
            Section(
                "subjective",
                _("Subjective"),
                _("What the person said: their concerns, mood and experience, in their words."),
            ),
            Section(
                "objective",
                _("Objective"),
                _("What you observed: appearance, behavior, affect, and any measures taken."),
            ),
            Section(
                "assessment",
                _("Assessment"),
                _("Your clinical reading of the above: progress, risks and what has changed."),
            ),
            PLAN,
        ),
    ),
    NoteFormat.DAP: Template(
        NoteFormat.DAP,
        _("DAP"),
        (
            Section(
                "data",
                _("Data"),
                _("What was said and observed in the session: facts, quotes and behaviors."),
            ),
            Section(
                "assessment",
                _("Assessment"),
                _("What the data mean: progress toward goals, risks and your clinical view."),
            ),
            PLAN,
        ),
    ),
    NoteFormat.BIRP: Template(
        NoteFormat.BIRP,
        _("BIRP"),
        (
            Section(
                "behavior",
                _("Behavior"),
                _("How the person presented: what they said and did, and their mood."),
            ),
            Section(
                "intervention",
                _("Intervention"),
                _(
                    "What you did: techniques and approaches used (CBT, motivational interviewing…)."
                ),
            ),
            Section(
                "response",
                _("Response"),
                _("How the person responded to the interventions during the session."),
            ),
            PLAN,
        ),
    ),
}


def template_for(format: str) -> Template:
    """The template of a format (KeyError for a format that is not one)."""
    return TEMPLATES[format]


def blank_sections(format: str) -> dict[str, str]:
    return {key: "" for key in template_for(format).keys}
