"""The boards' requirement sets: IC&RC Peer Recovery (initial and renewal) and NAADAC NCPRSS.

IC&RC PR: 46 training hours (10 Advocacy, 10 Mentoring/Education, 10 Recovery/Wellness
Support, 16 Ethical Responsibility), 500 hours of experience, 25 hours of supervision; renewal
20 hours every 2 years including 6 of ethics. NAADAC NCPRSS: 60 contact hours, of which at
least 6 of ethics and 6 of HIV/bloodborne pathogens within the last 6 years, and at least half
face to face; 1 year of full-time practice (about 2,000 hours).
"""

from decimal import Decimal

from django.db import migrations

SETS = [
    (
        ("icrc-pr", "IC&RC Peer Recovery (PR)", "IC&RC", "initial", None),
        [
            ("advocacy", "Advocacy", 10, "training", None, None),
            ("mentoring", "Mentoring/Education", 10, "training", None, None),
            ("recovery-support", "Recovery/Wellness Support", 10, "training", None, None),
            ("ethics", "Ethical Responsibility", 16, "training", None, None),
            ("supervised_practice", "Experience (volunteer or paid)", 500,
             "supervised_practice", None, None),
            ("supervision", "Supervision", 25, "supervision", None, None),
        ],
    ),
    (
        ("icrc-pr-renewal", "IC&RC Peer Recovery (PR) renewal", "IC&RC", "renewal", 24),
        [
            ("all", "Continuing education", 20, "training", 2, None),
            ("ethics", "Ethical Responsibility", 6, "training", 2, None),
        ],
    ),
    (
        ("naadac-ncprss", "National Certified Peer Recovery Support Specialist (NCPRSS)",
         "NAADAC", "initial", None),
        [
            ("all", "Contact hours", 60, "training", None, Decimal("0.50")),
            ("ethics", "Ethical Responsibility", 6, "training", 6, None),
            ("hiv", "HIV/bloodborne pathogens", 6, "training", 6, None),
            ("supervised_practice", "Full-time direct practice (1 year)", 2000,
             "supervised_practice", None, None),
        ],
    ),
]


def add_sets(apps, schema_editor):
    RequirementSet = apps.get_model("training", "RequirementSet")
    Requirement = apps.get_model("training", "Requirement")
    for (code, name, issuer, kind, period), items in SETS:
        found, _ = RequirementSet.objects.update_or_create(
            code=code,
            defaults={"name": name, "issuer": issuer, "kind": kind, "period_months": period},
        )
        found.requirements.all().delete()
        for order, (domain, label, hours, rkind, within, share) in enumerate(items):
            Requirement.objects.create(
                requirement_set=found,
                domain=domain,
                label=label,
                hours=hours,
                kind=rkind,
                within_years=within,
                face_to_face_share=share,
                order=order,
            )


def remove_sets(apps, schema_editor):
    RequirementSet = apps.get_model("training", "RequirementSet")
    RequirementSet.objects.filter(code__in=[s[0][0] for s in SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_supervision_requirements_ledger_credentials")]

    operations = [migrations.RunPython(add_sets, remove_sets)]
