"""Training's part of the shell: the "My training" link, for staff and mentors (people who
log training hours toward a peer credential, and supervise others')."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role
from alongside.accounts.roles import STAFF_ROLES

shell.link("training:home", _("My training"), order=48, show_to={*STAFF_ROLES, Role.MENTOR})
