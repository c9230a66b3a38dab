"""Demo rows for the library and the services directory (run by `manage.py demo_data`; safe to
run again).

Riverbend lists the sample services (made up, in and around Chicago, one in Denver to try
distances) from the sample CSV file, through the same import an admin uses, and publishes a few
articles written by Lena, its peer specialist: on cravings, on lapses, on naloxone and on harm
reduction, in English and in Spanish."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from alongside.accounts.models import Organization
from alongside.resources import services
from alongside.resources.models import Article

SAMPLE_CSV = Path(__file__).parent / "samples" / "services-sample.csv"

ARTICLES = [
    {
        "title": "Riding out a craving",
        "language": "en",
        "topic": "cravings_triggers",
        "pathways": [],
        "summary": "A craving rises, peaks and passes, most often within half an hour. "
        "Four things to do while it does.",
        "body": """Cravings are part of recovery, not a sign that it is failing. Most pass within
20 to 30 minutes if you do not feed them.

## While it lasts

1. **Name it.** "This is a craving. It will pass."
2. **Delay.** Promise yourself 15 minutes before you decide anything.
3. **Distract.** Walk, shower, call someone from your plan.
4. **Urge-surf.** Notice where you feel it in your body and watch it rise and fall.

Write the trigger down afterwards: your [relapse-prevention plan](/journey/plan/) gets stronger
each time.
""",
    },
    {
        "title": "Cómo atravesar un antojo",
        "language": "es",
        "topic": "cravings_triggers",
        "pathways": [],
        "summary": "Un antojo sube, llega a su punto más alto y pasa, casi siempre en media hora. "
        "Cuatro cosas que hacer mientras tanto.",
        "body": """Los antojos son parte de la recuperación, no una señal de fracaso. La mayoría
pasa en 20 a 30 minutos si no los alimentas.

## Mientras dura

1. **Nómbralo.** «Esto es un antojo. Va a pasar».
2. **Espera.** Date 15 minutos antes de decidir nada.
3. **Distráete.** Camina, dúchate, llama a alguien de tu plan.
4. **Surfea la ola.** Nota dónde lo sientes en el cuerpo y obsérvalo subir y bajar.
""",
        "translation_of": "riding-out-a-craving",
    },
    {
        "title": "After a lapse: the next right thing",
        "language": "en",
        "topic": "relapse_lapses",
        "pathways": ["na", "aa", "smart"],
        "summary": "A lapse is information, not the end of your recovery. What to do in the "
        "first day after.",
        "body": """A lapse does not erase the days before it. What matters most is the next
right thing:

- Tell one person from your plan today.
- Go to a meeting, in person or online.
- Look at what led up to it, with curiosity rather than blame.

If you used opioids after a break, your tolerance is lower: **carry naloxone and do not use
alone**.
""",
    },
    {
        "title": "Naloxone saves lives: how to get it and use it",
        "language": "en",
        "topic": "harm_reduction",
        "pathways": [],
        "summary": "Naloxone (Narcan) reverses an opioid overdose. It is free in many places and "
        "takes a minute to learn.",
        "body": """Naloxone reverses an opioid overdose, including one from fentanyl.

## Signs of an overdose

- Will not wake up, or cannot speak
- Slow or stopped breathing, blue or grey lips

## What to do

1. Call the emergency number.
2. Give naloxone: one spray in a nostril.
3. Keep them breathing and on their side; give a second dose after 2 to 3 minutes if needed.

Find free naloxone in the [services directory](/resources/services/?kind=naloxone).
""",
    },
    {
        "title": "Naloxone salva vidas: cómo conseguirla y usarla",
        "language": "es",
        "topic": "harm_reduction",
        "pathways": [],
        "summary": "La naloxona (Narcan) revierte una sobredosis de opioides. En muchos lugares "
        "es gratuita y se aprende a usar en un minuto.",
        "body": """La naloxona revierte una sobredosis de opioides, también de fentanilo.

1. Llama al número de emergencias.
2. Da la naloxona: un disparo en una fosa nasal.
3. Mantén a la persona respirando y de lado; da una segunda dosis a los 2 o 3 minutos si hace
   falta.

Encuentra naloxona gratuita en el [directorio de servicios](/resources/services/?kind=naloxone).
""",
        "translation_of": "naloxone-saves-lives-how-to-get-it-and-use-it",
    },
    {
        "title": "Harm reduction: meeting people where they are",
        "language": "en",
        "topic": "harm_reduction",
        "pathways": [],
        "summary": "Safer use, test strips and syringe services keep people alive and connected "
        "to care, whatever their goal.",
        "body": """Harm reduction meets people where they are. Not every recovery starts with
abstinence, and staying alive comes first.

- **Test strips** find fentanyl in a drug before it is used.
- **Syringe services** give sterile supplies and a way into care.
- **Never use alone**, and keep naloxone close.

Find a harm-reduction service [near you](/resources/services/?kind=harm_reduction).
""",
    },
]


@transaction.atomic
def populate(logins: dict) -> list[str]:
    riverbend = Organization.objects.get(slug="riverbend")
    lena = logins["peer_specialist"].user
    report = services.import_services(organization=riverbend, content=SAMPLE_CSV.read_bytes())
    if not report.ok:
        raise RuntimeError(f"the sample services do not import: {report}")
    written = 0
    for item in ARTICLES:
        if Article.objects.filter(title=item["title"], organization=riverbend).exists():
            continue
        original_slug = item.get("translation_of")
        services.write_article(
            organization=riverbend,
            author=lena,
            title=str(item["title"]),
            language=str(item["language"]),
            topic=str(item["topic"]),
            summary=str(item["summary"]),
            body=str(item["body"]),
            pathways=list(item["pathways"]),
            translation_of=Article.objects.filter(slug=original_slug).first()
            if original_slug
            else None,
            publish=True,
        )
        written += 1
    return [
        f"Riverbend lists {report.created + report.updated} sample services (harm reduction and "
        f"naloxone near 60614, one in Denver) and {written or 'its'} library articles in English "
        "and Spanish"
    ]
