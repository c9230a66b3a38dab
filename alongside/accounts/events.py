"""Signals other apps listen to, so that accounts need not know them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent (with `membership=`) inside the transaction that ends a role someone held in an
# organization: the caseload flags a leaving peer specialist's people for reassignment.
role_ended = Signal()
