"""The only way from (user, slug or id) to the library's articles and the directory's services.

Everyone reads what is published (articles) and listed (services), signed in or not: they are
public pages. An organization's staff (its admins, peer specialists, counselors and house
managers) write, change and publish their organization's articles and services, and see its
drafts; importing services from a file is for its admins. Anything else, a draft of another
organization or an edit page for someone who does not write for it, is the same 404 as a
missing one (through `policy.refuse`, which writes the refusal to the security log).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.roles import STAFF_ROLES, roles_of
from alongside.privacy import policy
from alongside.resources.models import Article, Service

# Who writes for an organization: its staff (DESIGN.md §1 names admins, peer specialists and
# counselors; a house manager lists housing and the services near a house).
WRITER_ROLES = STAFF_ROLES
IMPORTER_ROLES = frozenset({Role.ORG_ADMIN})

Person = User | AnonymousUser


def writer_organizations(user: Person) -> list[Organization]:
    """The organizations the user writes articles and lists services for (none when signed out)."""
    if not user.is_authenticated:
        return []
    found = {m.organization for m in roles_of(user).memberships if m.role in WRITER_ROLES}
    return sorted(found, key=lambda o: o.name)


def importer_organizations(user: Person) -> list[Organization]:
    """The organizations whose services the user may import from a file: where they are admin."""
    if not user.is_authenticated:
        return []
    found = {m.organization for m in roles_of(user).memberships if m.role in IMPORTER_ROLES}
    return sorted(found, key=lambda o: o.name)


def require_writer(user: Person) -> list[Organization]:
    """The organizations the user writes for, for a page that adds an article or a service;
    Http404 for anyone who writes for none (a member, a visitor)."""
    found = writer_organizations(user)
    if not found:
        raise policy.refuse(_actor(user), record_type="resources.writer")
    return found


def require_importer(user: Person) -> list[Organization]:
    """The organizations whose services the user may import; Http404 for anyone else."""
    found = importer_organizations(user)
    if not found:
        raise policy.refuse(_actor(user), record_type="resources.importer")
    return found


def _writes_for(user: Person, organization_id: int) -> bool:
    return any(o.pk == organization_id for o in writer_organizations(user))


def access_article(user: Person, slug: str) -> Article:
    """A published article, or a draft for those who write for its organization."""
    found = Article.objects.filter(slug=slug).select_related("organization", "author").first()
    if found is None:
        raise policy.refuse(_actor(user), record_type="resources.article", record_id=slug)
    if not found.is_published and not _writes_for(user, found.organization_id):
        raise policy.refuse(_actor(user), record_type="resources.article", record_id=slug)
    return found


def access_article_to_edit(user: Person, slug: str) -> Article:
    """An article the user may change and publish: one of their organization's."""
    found = Article.objects.filter(slug=slug).select_related("organization").first()
    # Readers (members, visitors) and another organization's staff alike find no edit page.
    if found is None or not _writes_for(user, found.organization_id):
        raise policy.refuse(_actor(user), record_type="resources.article", record_id=slug)
    return found


def access_writer_organization(user: Person, organization_id: int) -> Organization:
    """An organization the user writes for, named in a form or a request body."""
    for organization in writer_organizations(user):
        if organization.pk == organization_id:
            return organization
    raise policy.refuse(
        _actor(user), record_type="accounts.organization", record_id=organization_id
    )


def access_importer_organization(user: Person, organization_id: int) -> Organization:
    """An organization whose admin the user is, to import services into."""
    for organization in importer_organizations(user):
        if organization.pk == organization_id:
            return organization
    raise policy.refuse(
        _actor(user), record_type="accounts.organization", record_id=organization_id
    )


def access_service(user: Person, service_id: int) -> Service:
    """A listed service, or an unlisted one for those who write for its organization."""
    found = Service.objects.filter(pk=service_id).select_related("organization").first()
    if found is None or not (found.is_listed or _writes_for(user, found.organization_id)):
        raise policy.refuse(_actor(user), record_type="resources.service", record_id=service_id)
    return found


def access_service_to_edit(user: Person, service_id: int) -> Service:
    """A service the user may change: one their organization lists."""
    found = Service.objects.filter(pk=service_id).select_related("organization").first()
    if found is None or not _writes_for(user, found.organization_id):
        raise policy.refuse(_actor(user), record_type="resources.service", record_id=service_id)
    return found


def _actor(user: Person) -> User | None:
    return user if isinstance(user, User) else None
