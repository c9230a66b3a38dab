"""Resources' part of the shell: one link, to the library, whose page leads to the services
directory; both are public pages too (alongside/shell.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell

shell.link("resources:library", _("Resources"), order=44)
