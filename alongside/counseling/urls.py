from django.urls import path

from alongside.counseling import views  # noqa: F401
from alongside.counseling.views import notes

app_name = "counseling"

urlpatterns: list = [
    # Session notes
    path("notes/", notes.my_notes, name="notes"),
    path("notes/new/", notes.note_new, name="note-new"),
    path("notes/<int:note_id>/", notes.note, name="note"),
    path("notes/<int:note_id>/sign/", notes.note_sign, name="note-sign"),
    path("notes/<int:note_id>/addenda/", notes.note_addendum, name="note-addendum"),
    path("notes/group/<int:appointment_id>/", notes.group_notes, name="group-notes"),
    path("clients/<int:member_id>/notes/", notes.client_notes, name="client-notes"),
]
