"""Programs for every pathway, each with its philosophy (a fixed, maintained list)."""

from django.db import migrations

PROGRAMS = [
    # slug, name, short name, pathway, approach, goal, 12-step, family, professional, website, philosophy
    ("na", "Narcotics Anonymous", "NA", "na", "spiritual", "abstinence", True, False, False, "https://na.org",
     "A fellowship of people for whom drugs had become a major problem, meeting to help each other stay clean through the Twelve Steps. Spiritual, not religious: a higher power of each member's own understanding. Complete abstinence from all drugs, alcohol included."),
    ("aa", "Alcoholics Anonymous", "AA", "aa", "spiritual", "abstinence", True, False, False, "https://aa.org",
     "A fellowship sharing experience, strength and hope to stay sober and help others recover from alcoholism through the Twelve Steps and Twelve Traditions. Spiritual, with a higher power of one's own understanding; secular AA meetings exist (type A)."),
    ("smart", "SMART Recovery", "SMART", "smart", "secular", "either", False, False, False, "https://smartrecovery.org",
     "Self-Management and Recovery Training: science-based tools from cognitive-behavioural and motivational approaches (the 4-Point Program: motivation, urges, thoughts and feelings, balance). Secular; no labels; trained facilitators; people choose their own goals."),
    ("sos", "SOS (Secular Organizations for Sobriety)", "SOS", "sos", "secular", "abstinence", False, False, False, "https://sossobriety.org",
     "Secular peer groups that put sobriety first, separate from religion or spirituality, and credit each person with their own sobriety. Abstinence-based."),
    ("lifering", "LifeRing Secular Recovery", "LifeRing", "lifering", "secular", "abstinence", False, False, False, "https://lifering.org",
     "Sober, secular, self-directed: members strengthen their 'sober self' through positive peer conversation about the past week and the week ahead. Abstinence from alcohol and other drugs; no steps, no higher power."),
    ("dra", "Dual Recovery Anonymous", "DRA", "dra", "spiritual", "abstinence", True, False, False, "https://draonline.qwknetllc.com",
     "A Twelve Step fellowship for people recovering from both chemical dependency and an emotional or psychiatric illness, supporting each other with both, medication as prescribed included."),
    ("celebrate", "Celebrate Recovery", "Celebrate Recovery", "celebrate", "religious", "abstinence", True, False, False, "https://celebraterecovery.com",
     "A Christ-centred Twelve Step programme based on the Beatitudes, for 'hurts, habits and hang-ups' of every kind, usually held in churches with worship, teaching and small groups."),
    ("refuge", "Refuge Recovery", "Refuge Recovery", "refuge", "buddhist", "abstinence", False, False, False, "https://refugerecovery.org",
     "A Buddhist-inspired path to recovery built on the Four Noble Truths and the Eightfold Path, with meditation at every meeting. No belief required; abstinence-based."),
    ("mm", "Moderation Management", "MM", "mm", "secular", "moderation", False, False, False, "https://moderation.org",
     "A secular programme for people who want to reduce their drinking, beginning with 30 days without alcohol and guidelines for moderate drinking; some members go on to choose abstinence."),
    ("alanon", "Al-Anon Family Groups", "Al-Anon", "", "spiritual", "support", True, True, False, "https://al-anon.org",
     "For the families and friends of people whose drinking has affected them: sharing experience to find hope, using the Twelve Steps adapted for family members."),
    ("naranon", "Nar-Anon Family Groups", "Nar-Anon", "", "spiritual", "support", True, True, False, "https://nar-anon.org",
     "For relatives and friends affected by someone else's addiction to drugs: a Twelve Step fellowship of mutual support."),
    ("smart-family", "SMART Recovery Family & Friends", "SMART Family & Friends", "", "secular", "support", False, True, False, "https://smartrecovery.org/family",
     "Science-based tools (CRAFT and SMART's) for family members and friends: caring for yourself and supporting a loved one without confrontation."),
    ("therapy", "Professional group therapy", "Group therapy", "treatment", "clinical", "either", False, False, True, "",
     "Groups led by licensed clinicians (counselors, social workers, psychologists) as part of treatment: evidence-based approaches such as CBT, DBT skills and relapse prevention. Goals are agreed with your care team."),
]


def seed(apps, schema_editor):
    Program = apps.get_model("meetings", "Program")
    for slug, name, short, pathway, approach, goal, twelve, family, professional, website, philosophy in PROGRAMS:
        Program.objects.update_or_create(
            slug=slug,
            defaults=dict(name=name, short_name=short, pathway=pathway, approach=approach, goal=goal, is_twelve_step=twelve,
                          is_family=family, is_professional=professional, website=website, philosophy=philosophy),
        )


def unseed(apps, schema_editor):
    apps.get_model("meetings", "Program").objects.filter(slug__in=[p[0] for p in PROGRAMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_programs_groups_meetings_attendance")]
    operations = [migrations.RunPython(seed, unseed)]
