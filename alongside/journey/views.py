from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.access import member_data_view
from alongside.journey import access, services
from alongside.journey.forms import CheckInForm
from alongside.journey.models import CheckIn


@login_required
def check_in(request: HttpRequest) -> HttpResponse:
    """Today's check-in (create or edit) and the member's recent ones."""
    today = request.user.local_today()
    todays = CheckIn.objects.for_member(request.user).filter(on=today).first()
    form = CheckInForm(request.POST or None, instance=todays)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            _check_in, created = services.record_check_in(member=request.user, **values)
        except services.CheckInError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Checked in. Thank you for showing up for yourself today.") if created else _("Today's check-in is updated."))
            return redirect("journey:check-in")
    recent = CheckIn.objects.for_member(request.user)[:14]
    return render(request, "journey/check_in.html", {"form": form, "recent": recent, "today": today, "editing": todays is not None})


@member_data_view
def member_check_ins(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's check-ins, for someone the member shared them with."""
    member, check_ins = access.access_member_check_ins(request.user, member_id)
    return render(request, "journey/member_check_ins.html", {"member": member, "check_ins": check_ins[:90]})
