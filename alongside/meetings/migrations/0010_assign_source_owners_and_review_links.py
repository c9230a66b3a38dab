"""Give every import source its owners, keep saved meetings' names, flag unreviewed links.

- A source that already names an organization keeps it (that organization's org admins and
  facilitators own it).
- A source of no organization goes to the organization of the person who last imported into
  it, when that person is an active org admin or facilitator of exactly one organization;
  otherwise it stays with the site-wide directory, whose stewards (the `steward_directory`
  permission) own it. docs/meetings.md says so for operators.
- Saved meetings take a copy of their meeting's name, so they outlive a purged meeting.
- Conference links on hosts that are not known meeting providers wait for a steward's review.
"""

from django.db import migrations

OWNER_ROLES = ("facilitator", "org_admin")


def assign_owners(apps, schema_editor):
    ImportSource = apps.get_model("meetings", "ImportSource")
    ImportRun = apps.get_model("meetings", "ImportRun")
    Membership = apps.get_model("accounts", "Membership")
    for source in ImportSource.objects.filter(organization__isnull=True):
        last = ImportRun.objects.filter(source=source, started_by__isnull=False).order_by("-started_at").first()
        if last is None:
            continue
        orgs = set(
            Membership.objects.filter(user_id=last.started_by_id, role__in=OWNER_ROLES, is_active=True).values_list("organization_id", flat=True)
        )
        if len(orgs) == 1:
            source.organization_id = orgs.pop()
            source.save(update_fields=["organization"])


def copy_saved_names(apps, schema_editor):
    SavedMeeting = apps.get_model("meetings", "SavedMeeting")
    for saved in SavedMeeting.objects.filter(meeting__isnull=False, meeting_name="").select_related("meeting").iterator(chunk_size=2000):
        saved.meeting_name = saved.meeting.name[:255]
        saved.save(update_fields=["meeting_name"])


def flag_unknown_conference_hosts(apps, schema_editor):
    from alongside.lib.links import is_known_conference_host

    Meeting = apps.get_model("meetings", "Meeting")
    flagged = [
        pk
        for pk, url in Meeting.objects.exclude(conference_url="").values_list("id", "conference_url").iterator(chunk_size=5000)
        if not is_known_conference_host(url)
    ]
    for i in range(0, len(flagged), 500):
        Meeting.objects.filter(pk__in=flagged[i : i + 500]).update(conference_needs_review=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial_accounts"),
        ("meetings", "0009_import_owners_soft_removal_link_review"),
    ]

    operations = [
        migrations.RunPython(assign_owners, migrations.RunPython.noop),
        migrations.RunPython(copy_saved_names, migrations.RunPython.noop),
        migrations.RunPython(flag_unknown_conference_hosts, migrations.RunPython.noop),
    ]
