"""Every rule of the library and the services directory; pages, the API and the import command
all call these.

Articles: what an organization's staff write is checked before it is stored (lib/markup): text
that holds scripts, event handlers, links that run code, frames or images from other sites is
refused with an error naming each, and nothing is stored. The body is kept as the Markdown the
author wrote and rendered to HTML, through nh3, each time it is read (Article.body_html): one
copy of the text, and a tightened allow-list applies at once to everything already written, with
no stored HTML to migrate. Rendering takes about a millisecond and is kept in a small cache.

Services: a place is resolved offline (lib/geo: US ZIP centroids, towns of 15,000 or more), and
its time zone comes with it, so opening hours are read where the service is. "Near" is a
latitude/longitude box from the index, then the exact great-circle distance.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Country, Language, Organization, Pathway, User
from alongside.lib import geo, markup, opening_hours
from alongside.resources.models import (
    Article,
    ArticleStatus,
    Service,
    ServiceHours,
    ServiceKind,
    Topic,
)

# ---------------------------------------------------------------- articles

PLAN_TOPICS = (Topic.CRAVINGS, Topic.RELAPSE)
PROBLEM_WORDS = {
    markup.Unsafe.SCRIPT: gettext_lazy("Scripts are not allowed: %(found)s."),
    markup.Unsafe.EVENT_HANDLER: gettext_lazy(
        "Event handlers are not allowed: %(found)s (an attribute starting with “on” runs code)."
    ),
    markup.Unsafe.UNSAFE_LINK: gettext_lazy(
        "Links may go to web pages, email addresses and phone numbers only; "
        "these run code instead: %(found)s."
    ),
    markup.Unsafe.FRAME: gettext_lazy(
        "Embedded frames and objects are not allowed: %(found)s. Link to the page instead."
    ),
    markup.Unsafe.REMOTE_IMAGE: gettext_lazy(
        "Images must come from this site (an address starting with /); these come from "
        "elsewhere and would tell that site who reads the article: %(found)s."
    ),
    markup.Unsafe.TAG: gettext_lazy("These HTML tags are not allowed: %(found)s. Use Markdown."),
    markup.Unsafe.ATTRIBUTE: gettext_lazy("These HTML attributes are not allowed: %(found)s."),
}


def markdown_errors(body: str) -> list[str]:
    """What in the Markdown would not be shown as written, in plain words, one line per kind of
    problem, naming each thing found; empty when the text is safe to store."""
    found = markup.problems(body)
    if not found:
        return []
    lines = [_("Nothing was saved: the article holds markup that is not allowed.")]
    for kind, words in PROBLEM_WORDS.items():
        details = [p.detail for p in found if p.kind == kind]
        if details:
            lines.append(str(words) % {"found": ", ".join(details)})
    return lines


ARTICLE_FIELDS = ("title", "language", "pathways", "topic", "summary", "body")


def _clean_article(
    organization: Organization, data: dict[str, Any], *, article: Article | None = None
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for name in ("title", "summary", "body"):
        data[name] = (data.get(name) or "").strip()
        if not data[name]:
            errors[name] = [_("This cannot be empty.")]
    if data.get("body") and (problems := markdown_errors(data["body"])):
        errors["body"] = problems
    if data.get("topic") not in Topic.values:
        errors["topic"] = [_("Choose one of the topics.")]
    if data.get("language") not in Language.values:
        errors["language"] = [_("Choose English or Spanish.")]
    pathways = list(dict.fromkeys(data.get("pathways") or []))
    if unknown := [p for p in pathways if p not in Pathway.values]:
        errors["pathways"] = [
            _("These are not pathways: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
        ]
    data["pathways"] = pathways
    original = data.get("translation_of")
    if original is not None:
        if original.organization_id != organization.pk or (article and original.pk == article.pk):
            errors["translation_of"] = [_("Choose one of your organization’s other articles.")]
        elif original.language == data.get("language"):
            errors["translation_of"] = [_("A translation is in the other language.")]
    for name, limit in (("title", 160), ("summary", 300)):
        if len(data.get(name) or "") > limit:
            errors.setdefault(name, []).append(
                _("Keep this to %(limit)s characters or fewer.") % {"limit": limit}
            )
    if errors:
        raise ValidationError(errors)
    return data


def _unique_slug(title: str, *, language: str) -> str:
    base = (slugify(title)[:70].strip("-") or "article") + ("" if language == "en" else "-es")
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def write_article(
    *,
    organization: Organization,
    author: User,
    title: str,
    language: str,
    topic: str,
    summary: str,
    body: str,
    pathways: Iterable[str] = (),
    translation_of: Article | None = None,
    publish: bool = False,
) -> Article:
    """A new article of the organization, a draft unless `publish`. The caller has checked the
    author writes for it (access.access_writer_organization). Raises ValidationError naming each
    field at fault, the body's unsafe markup included; nothing is stored then."""
    data = _clean_article(
        organization,
        {
            "title": title,
            "language": language,
            "topic": topic,
            "summary": summary,
            "body": body,
            "pathways": list(pathways),
            "translation_of": translation_of,
        },
    )
    now = timezone.now()
    return Article.objects.create(
        organization=organization,
        author=author,
        slug=_unique_slug(data["title"], language=data["language"]),
        status=ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT,
        published_at=now if publish else None,
        created_at=now,
        updated_at=now,
        **data,
    )


@transaction.atomic
def update_article(
    *, article: Article, by: User, publish: bool | None = None, **changes: Any
) -> Article:
    """Change an article (any of ARTICLE_FIELDS and translation_of) and, with `publish`, publish
    it (True) or take it back to a draft (False). Its address stays as it was. Raises
    ValidationError as write_article does, and changes nothing then."""
    unknown = set(changes) - {*ARTICLE_FIELDS, "translation_of"}
    if unknown:
        raise TypeError(f"not an article field: {sorted(unknown)}")
    current = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    current["translation_of"] = article.translation_of
    data = _clean_article(article.organization, {**current, **changes}, article=article)
    for name, value in data.items():
        setattr(article, name, value)
    now = timezone.now()
    article.updated_at = now
    if publish is True and not article.is_published:
        article.status, article.published_at = ArticleStatus.PUBLISHED, now
    elif publish is False:
        article.status = ArticleStatus.DRAFT
    article.save()
    return article


def library(
    *, words: str = "", topic: str = "", pathway: str = "", language: str = ""
) -> QuerySet[Article]:
    """Published articles matching every word (in the title, summary or text), and the topic,
    pathway (articles for every pathway included) and language when given, newest first.

    A portable search (`icontains` on SQLite and PostgreSQL alike): a library holds hundreds of
    articles, not millions."""
    found = Article.objects.published().select_related("organization")
    for word in words.split()[:8]:
        found = found.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    if topic:
        found = found.filter(topic=topic)
    if pathway:
        found = found.for_pathway(pathway)
    if language:
        found = found.filter(language=language)
    return found


def organization_drafts(organizations: list[Organization]) -> QuerySet[Article]:
    return Article.objects.filter(
        organization__in=organizations, status=ArticleStatus.DRAFT
    ).select_related("organization")


def other_language_version(article: Article) -> Article | None:
    """The published article in the other language that is the same text, if any."""
    if article.translation_of_id is not None:
        original = article.translation_of
        return original if original is not None and original.is_published else None
    return article.translations.published().first()


def reading_for_plan(member: User, *, size: int = 3) -> list[Article]:
    """Published articles on cravings, triggers and lapses for the member's pathways (or every
    pathway), those in their own language first, for the "read more" part of their plan."""
    found = Article.objects.published().filter(topic__in=PLAN_TOPICS)
    if member.pathways:
        pathway_match = Q(pathways=[])
        for code in member.pathways:
            pathway_match |= Q(pathways__icontains=f'"{code}"')
        found = found.filter(pathway_match)
    candidates = list(found.order_by("-published_at")[: size * 4])
    candidates.sort(key=lambda a: a.language != member.language)
    return candidates[:size]


# ---------------------------------------------------------------- services: what is stored

SERVICE_FIELDS = (
    "name",
    "provider",
    "kind",
    "description",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "time_zone",
    "phone",
    "website",
    "languages",
    "is_free",
    "is_listed",
)
HOURS_PROBLEM_WORDS = {
    opening_hours.HoursProblem.NO_TIMES: gettext_lazy(
        "“%(part)s” has no opening times. Write the days, then the times: Mon-Fri 09:00-17:00."
    ),
    opening_hours.HoursProblem.DAY: gettext_lazy(
        "“%(part)s” is not a day we know. Use Mon, Tue, Wed, Thu, Fri, Sat and Sun, or a "
        "range like Mon-Fri."
    ),
    opening_hours.HoursProblem.TIME: gettext_lazy(
        "“%(part)s” has a time we cannot read. Write times like 09:00-17:00 or 9am-5pm."
    ),
    opening_hours.HoursProblem.EMPTY_RANGE: gettext_lazy(
        "“%(part)s” opens and closes at the same time. For a place that never closes, write 24/7."
    ),
}


def parse_hours(text: str) -> opening_hours.Hours:
    """Opening hours as people write them (lib/opening_hours); ValidationError on "hours"."""
    try:
        return opening_hours.parse(text)
    except opening_hours.HoursError as error:
        raise ValidationError(
            {"hours": [str(HOURS_PROBLEM_WORDS[error.problem]) % {"part": error.part}]}
        ) from None


def hours_from_rows(
    rows: Iterable[tuple[int, datetime.time, datetime.time]], *, always_open: bool = False
) -> opening_hours.Hours:
    """Opening hours from (weekday, opens, closes) rows, as the API sends them."""
    spans = set()
    for weekday, opens, closes in rows:
        if opens == closes:
            raise ValidationError(
                {"hours": [_("An opening cannot close at the minute it opens. For 24/7, say so.")]}
            )
        spans.add(opening_hours.Span(weekday, opens, closes))
    return opening_hours.Hours(always_open=always_open, spans=tuple(sorted(spans)))


def kinds_in_words() -> str:
    return ", ".join(ServiceKind.values)


def _place_for(data: dict[str, Any]) -> geo.Place | None:
    """The place its ZIP code or town names, offline (lib/geo.resolve_place's data)."""
    if data.get("postal_code") and data.get("country", Country.US) == Country.US:
        if place := geo.zip_place(data["postal_code"]):
            return place
    if data.get("city"):
        qualifier = data.get("region") or data.get("country") or ""
        return geo.town_place(f"{data['city']}, {qualifier}") or geo.town_place(data["city"])
    return None


def _locate(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Fill in latitude, longitude and time zone from the place, keeping what was given."""
    lat, lng = data.get("latitude"), data.get("longitude")
    place = _place_for(data)
    if lat is not None or lng is not None:
        coords = geo.valid_coordinates(lat, lng)
        if coords is None:
            errors["latitude"] = [
                _("Give both latitude (-90 to 90) and longitude (-180 to 180), or neither.")
            ]
            return
        data["latitude"], data["longitude"] = coords
    elif place is not None:
        data["latitude"], data["longitude"] = place.latitude, place.longitude
    elif data.get("postal_code") or data.get("city"):
        errors["postal_code"] = [
            _(
                "We could not find this place. Give a US ZIP code, a town of 15,000 people or "
                "more, or the latitude and longitude."
            )
        ]
        return
    if not data.get("time_zone"):
        if place is not None and place.time_zone:
            data["time_zone"] = place.time_zone
        else:
            errors["time_zone"] = [_("Give the time zone its hours are in, like America/Chicago.")]


def clean_service(data: dict[str, Any], *, service: Service | None = None) -> dict[str, Any]:
    """The service's fields checked and its place resolved; ValidationError names each field at
    fault (an unknown kind with the kinds there are)."""
    data = {name: data[name] for name in SERVICE_FIELDS if name in data}
    errors: dict[str, list[str]] = {}
    for name in ("name", "provider", "description", "address", "city", "region", "phone"):
        data[name] = (data.get(name) or "").strip()
    data["postal_code"] = (data.get("postal_code") or "").strip().upper()
    data["website"] = (data.get("website") or "").strip()
    data["time_zone"] = (data.get("time_zone") or "").strip()
    data["country"] = (data.get("country") or Country.US).strip().upper()
    if data.get("kind") not in ServiceKind.values:
        errors["kind"] = [
            _("“%(value)s” is not a kind of service we list. Use one of: %(kinds)s.")
            % {"value": data.get("kind") or "", "kinds": kinds_in_words()}
        ]
    languages = list(dict.fromkeys(data.get("languages") or []))
    if unknown := [code for code in languages if code not in Language.values]:
        errors["languages"] = [
            _("Languages are given as en (English) or es (Spanish), not %(codes)s.")
            % {"codes": ", ".join(map(str, unknown))}
        ]
    data["languages"] = languages
    if data["country"] not in Country.values:
        errors["country"] = [
            _("Give the country as a code we know: %(codes)s.")
            % {"codes": ", ".join(Country.values)}
        ]
    else:
        _locate(data, errors)
    row = Service(**{**data, "kind": data.get("kind") or ServiceKind.HEALTH})
    try:
        row.full_clean(exclude=["organization", *errors], validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return data


def _check_hours(hours: opening_hours.Hours) -> None:
    """Two openings of a day may not start at the same minute (one would hide the other)."""
    starts: set[tuple[int, datetime.time]] = set()
    for span in hours.spans:
        if (span.weekday, span.opens) in starts:
            raise ValidationError(
                {
                    "hours": [
                        _("Two openings on %(day)s start at %(time)s. Give each start once.")
                        % {
                            "day": opening_hours.DAY_CODES[span.weekday],
                            "time": f"{span.opens:%H:%M}",
                        }
                    ]
                }
            )
        starts.add((span.weekday, span.opens))


def _set_hours(service: Service, hours: opening_hours.Hours) -> None:
    service.opening_hours.all().delete()
    ServiceHours.objects.bulk_create(
        ServiceHours(service=service, weekday=s.weekday, opens=s.opens, closes=s.closes)
        for s in hours.spans
    )


@transaction.atomic
def save_service(
    *,
    organization: Organization,
    data: dict[str, Any],
    hours: opening_hours.Hours | None = None,
    service: Service | None = None,
) -> Service:
    """Add a service to the organization's listing (or change `service`, one of its own, which
    the caller fetched through access.access_service_to_edit), with its opening hours when
    given. Raises ValidationError naming each field at fault; nothing changes then."""
    if service is not None:
        current = {name: getattr(service, name) for name in SERVICE_FIELDS}
        place_changed = any(
            name in data and data[name] != current[name]
            for name in ("address", "city", "region", "postal_code", "country")
        )
        if place_changed and "latitude" not in data:
            # A new address means a new point (and maybe zone), unless they were given too.
            current.update(latitude=None, longitude=None, time_zone="")
        data = {**current, **data}
    cleaned = clean_service(data, service=service)
    if hours is not None:
        _check_hours(hours)
    now = timezone.now()
    if service is None:
        service = Service.objects.create(organization=organization, created_at=now, **cleaned)
    else:
        for name, value in cleaned.items():
            setattr(service, name, value)
    service.updated_at = now
    if hours is not None:
        service.is_always_open = hours.always_open
        _set_hours(service, hours)
    service.save()
    return service


# ---------------------------------------------------------------- services: finding them

DEFAULT_RADIUS_KM = 25
MAX_RADIUS_KM = 500


@dataclass(frozen=True)
class FoundService:
    service: Service
    distance_km: float | None
    state: opening_hours.OpenState | None

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_km is None else self.distance_km / geo.KM_PER_MILE


@dataclass
class Directory:
    rows: list[FoundService]
    place_label: str = ""
    radius_km: float = DEFAULT_RADIUS_KM
    has_point: bool = False
    now: datetime.datetime = field(default_factory=timezone.now)


def resolve_near(near: str) -> geo.Place:
    """A ZIP code or town typed into a search; ValidationError on "near" when unknown."""
    place = geo.resolve_place(near)
    if place is None:
        raise ValidationError(
            {
                "near": [
                    _(
                        "We could not find “%(near)s”. Try a US ZIP code like 60614, or a town "
                        "with its state or country, like Springfield, IL."
                    )
                    % {"near": near.strip()[:100]}
                ]
            }
        )
    return place


def find_services(
    *,
    near: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    radius_km: float = DEFAULT_RADIUS_KM,
    kind: str = "",
    open_now: bool = False,
    words: str = "",
    now: datetime.datetime | None = None,
) -> Directory:
    """Listed services of a kind, matching the words, near a place (a ZIP code or town, or a
    point such as the browser's location) within `radius_km`, nearest first; open at `now` in
    their own time zones when `open_now`. Without a place: every match, by name.

    Raises ValidationError on "near" for an unknown place, "latitude" for a point off the
    globe, "radius_km" outside 1 to 500."""
    now = now or timezone.now()
    if not 1 <= radius_km <= MAX_RADIUS_KM:
        raise ValidationError(
            {"radius_km": [_("Choose a distance from 1 to %(most)s km.") % {"most": MAX_RADIUS_KM}]}
        )
    found = (
        Service.objects.listed().select_related("organization").prefetch_related("opening_hours")
    )
    if kind:
        found = found.filter(kind=kind)
    for word in words.split()[:8]:
        found = found.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(provider__icontains=word)
            | Q(city__icontains=word)
        )
    point: tuple[float, float] | None = None
    label = ""
    if latitude is not None or longitude is not None:
        point = geo.valid_coordinates(latitude, longitude)
        if point is None:
            raise ValidationError({"latitude": [_("That location is not on the map.")]})
        label = _("your location")
    elif near.strip():
        place = resolve_near(near)
        point, label = (place.latitude, place.longitude), place.label
    rows: list[FoundService] = []
    if point is not None:
        box = geo.bounding_box(point[0], point[1], radius_km)
        nearby = found.filter(
            latitude__range=(box.min_lat, box.max_lat),
            longitude__range=(box.min_lng, box.max_lng),
        )
        for service in nearby:
            distance = geo.distance_km(point[0], point[1], service.latitude, service.longitude)
            if distance <= radius_km:
                rows.append(FoundService(service, distance, service.open_state(now)))
        rows.sort(key=lambda r: (r.distance_km, r.service.name))
    else:
        rows = [FoundService(s, None, s.open_state(now)) for s in found]
    if open_now:
        rows = [r for r in rows if r.state is not None and r.state.is_open]
    return Directory(
        rows=rows, place_label=label, radius_km=radius_km, has_point=point is not None, now=now
    )


# ---------------------------------------------------------------- services: importing a file

CSV_COLUMNS = (
    "name",
    "kind",
    "provider",
    "description",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "time_zone",
    "phone",
    "website",
    "hours",
    "languages",
    "free",
)
REQUIRED_COLUMNS = ("name", "kind")
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
YES = {"yes", "y", "true", "1", "sí", "si", "x"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    line: int  # the file's line number, counting the header as line 1
    column: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


def _number(text: str, column: str, problems: dict[str, list[str]]) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        problems[column] = [_("“%(value)s” is not a number.") % {"value": text[:40]}]
        return None


def _row_data(row: dict[str, str]) -> tuple[dict[str, Any], opening_hours.Hours, dict]:
    """A CSV row as save_service's fields and hours, with the problems only the file has."""
    problems: dict[str, list[str]] = {}
    text = {name: (row.get(name) or "").strip() for name in CSV_COLUMNS}
    free = text["free"].lower()
    if free not in YES | NO:
        problems["free"] = [_("Write yes or no.")]
    data: dict[str, Any] = {
        **{name: text[name] for name in CSV_COLUMNS if name in SERVICE_FIELDS},
        "latitude": _number(text["latitude"], "latitude", problems),
        "longitude": _number(text["longitude"], "longitude", problems),
        "languages": [c.strip().lower() for c in text["languages"].replace(",", ";").split(";")]
        if text["languages"]
        else [],
        "is_free": free in YES,
        "is_listed": True,
    }
    hours = opening_hours.Hours(always_open=False, spans=())
    try:
        hours = parse_hours(text["hours"])
        _check_hours(hours)
    except ValidationError as error:
        problems.update(error.message_dict)
    return data, hours, problems


def _read_rows(content: bytes, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    if len(content) > MAX_IMPORT_BYTES:
        report.file_error = _("The file is larger than 2 MB. Split it and import each part.")
        return []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.file_error = _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    if missing := [c for c in REQUIRED_COLUMNS if c not in header]:
        report.file_error = _("The first line must name the columns; %(missing)s is missing.") % {
            "missing": ", ".join(missing)
        }
        return []
    if unknown := [c for c in header if c not in CSV_COLUMNS]:
        report.file_error = _(
            "These columns are not ones we read: %(unknown)s. The columns are: %(columns)s."
        ) % {"unknown": ", ".join(unknown), "columns": ", ".join(CSV_COLUMNS)}
        return []
    rows = []
    try:
        for row in reader:
            if None in row:  # more cells than the header names
                report.errors.append(
                    RowError(reader.line_num, "", _("This line has more cells than columns."))
                )
                continue
            if any((v or "").strip() for v in row.values()):
                rows.append((reader.line_num, row))
            if len(rows) > MAX_IMPORT_ROWS:
                report.file_error = _("A file may hold up to %(n)s services.") % {
                    "n": MAX_IMPORT_ROWS
                }
                return []
    except csv.Error as error:
        report.file_error = _("Line %(line)s could not be read as CSV (%(why)s).") % {
            "line": reader.line_num,
            "why": error,
        }
        return []
    return rows


def import_services(*, organization: Organization, content: bytes) -> ImportReport:
    """Services from a CSV file (docs/resources-import.md) into the organization's listing, all
    or nothing: each row is checked as a service added by hand is, and a file with any row in
    error imports none of them, the report naming each error with its line and column. A row
    whose name and street address match a service the organization lists updates it; others
    are added; nothing is removed. The caller has checked who may import into it."""
    report = ImportReport()
    rows = _read_rows(content, report)
    if report.file_error:
        return report
    checked = []
    for line, row in rows:
        data, hours, problems = _row_data(row)
        try:
            clean_service(dict(data))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.setdefault(name, []).extend(messages)
        for column, messages in problems.items():
            report.errors.extend(RowError(line, column, m) for m in messages)
        checked.append((data, hours))
    report.rows = len(checked)
    if report.errors:
        return report
    existing = {
        (s.name.casefold(), s.address.casefold()): s
        for s in Service.objects.filter(organization=organization)
    }
    with transaction.atomic():
        for data, hours in checked:
            match = existing.get((data["name"].casefold(), data["address"].casefold()))
            save_service(organization=organization, data=data, hours=hours, service=match)
            if match is None:
                report.created += 1
            else:
                report.updated += 1
    return report
