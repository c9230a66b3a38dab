"""The JSON API at /api/v1: session or bearer-token authentication, one error shape."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from alongside.accounts.models import ApiToken
from alongside.accounts.sensitive import SensitiveActionRefused


class TokenAuth(HttpBearer):
    """`Authorization: Bearer alt_…` with a personal token from the API tokens page."""

    def authenticate(self, request: HttpRequest, token: str):  # type: ignore[override]
        found = (
            ApiToken.objects.usable()
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .select_related("user")
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="Alongside API",
    version="1",
    description=(
        "Everything a person can do in Alongside, as JSON. Authenticate with the session "
        "cookie (and CSRF token) or with `Authorization: Bearer <token>` from the API tokens page. "
        "Every error has the shape `{\"error\": {\"status\", \"code\", \"message\", \"fields\"}}`."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: list[dict[str, str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"status": status, "code": code, "message": message, "fields": fields or []}},
        status=status,
    )


def _field_name(loc: list | tuple) -> str:
    # ninja locates errors as ("body", "payload", "field"); people want the field.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [
        {"field": _field_name(e.get("loc", ())), "message": e.get("msg", "is not valid")}
        for e in exc.errors
    ]
    return error_response(request, 422, "invalid", "Some fields are not valid.", fields)


@api.exception_handler(ModelValidationError)
def on_model_validation_error(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = [
            {"field": name, "message": " ".join(str(m) for e in errors for m in e.messages)}
            for name, errors in exc.error_dict.items()
        ]
    else:
        fields = [{"field": "", "message": m} for m in exc.messages]
    return error_response(request, 422, "invalid", "Some fields are not valid.", fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "Sign in or send a valid API token.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "Not found.")


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or "You may see this but not change it.")


@api.exception_handler(SensitiveActionRefused)
def on_sensitive_action_refused(request: HttpRequest, exc: SensitiveActionRefused) -> HttpResponse:
    return error_response(request, exc.status, exc.code, str(exc.message))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


def register_routers() -> None:
    from alongside.accounts.api import router as accounts_router
    from alongside.assessments.api import router as assessments_router
    from alongside.journey.api import router as journey_router
    from alongside.meetings.api import router as meetings_router
    from alongside.notifications.api import router as notifications_router
    from alongside.privacy.api import router as privacy_router
    from alongside.resources.api import router as resources_router

    api.add_router("/", accounts_router)
    api.add_router("/", privacy_router)
    api.add_router("/", journey_router)
    api.add_router("/", meetings_router)
    api.add_router("/", assessments_router)
    api.add_router("/", resources_router)
    api.add_router("/", notifications_router)


register_routers()
