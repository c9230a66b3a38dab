"""The JSON API at /api/v1: session or bearer-token authentication, one error shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from alongside.accounts.models import ApiToken
from alongside.accounts.roles import roles_of
from alongside.accounts.sensitive import SensitiveActionRefused
from alongside.api_errors import ApiError
from alongside.schemas import ErrorOut

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API_PREFIX = "/api/v1/"


class InvalidToken(AuthenticationError):
    """A bearer token that is unknown, expired or revoked."""


class TokenRefused(Exception):
    """A valid token that may not do this (read-only, or staff without MFA): 403 with a reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class TokenAuth(HttpBearer):
    """`Authorization: Bearer alt_…` with a personal token from the API tokens page.

    A request that sends a bearer token is judged by that token alone: one that is unknown,
    expired or revoked answers 401 even if a session cookie came along, so a client never
    acts on an identity it did not mean to use.
    """

    def __call__(self, request: HttpRequest):
        # Any Authorization header means the client chose it over the session; one we cannot
        # read is refused rather than ignored.
        value = request.headers.get("Authorization")
        if value is not None and value.partition(" ")[0].lower() != self.openapi_scheme:
            raise InvalidToken()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.usable()
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .select_related("user")
            .first()
        )
        if found is None:
            raise InvalidToken()
        # Staff read members' records; a token of theirs is only as strong as their account.
        if roles_of(found.user).mfa_blocks_member_data:
            raise TokenRefused(
                "mfa_required",
                _(
                    "Your role needs two-step verification before an API token works. "
                    "Turn it on under Security; then create a new token."
                ),
            )
        if found.is_read_only and request.method not in SAFE_METHODS:
            raise TokenRefused(
                "read_only_token",
                _("This token can only read. Create a read-and-write token to make changes."),
            )
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  # read by Credential.of
        return found.user


class CsrfRefused(Exception):
    """A session request without the page's CSRF token."""


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, with Django's CSRF check.

    The check runs only once the session has identified someone: a request with no session
    answers 401 (nobody to protect), and one that brings a bearer token never gets here.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, after the user is known

    def authenticate(self, request: HttpRequest, key: str | None):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfRefused()
        return request.user


ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
ERROR_DESCRIPTIONS = {
    400: "The body could not be read as JSON.",
    401: "No session and no valid API token.",
    403: "Signed in, but this action is not yours to take (or the CSRF token is missing).",
    404: "Missing, or not yours: the API never says which.",
    409: "The request conflicts with the current state.",
    413: "The request body is larger than the server accepts.",
    422: "A field is not valid; `fields` names each one.",
    429: "Too many requests of this kind; try again later.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


class AlongsideAPI(NinjaAPI):
    """Ninja, with every operation's error answers documented in the one error shape."""

    def get_openapi_schema(self, **kwargs: Any):
        schema = super().get_openapi_schema(**kwargs)
        error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        schema["components"]["schemas"].update({**error.pop("$defs"), "ErrorOut": error})
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                document_errors(operation, method=method, has_path_ids="{" in path)
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`<module>_<function>`, where an API split into a package by resource counts as its
        one module (`alongside.journey.api`, not `alongside.journey.api.tracks`): splitting an
        API never renames the operations its clients call."""
        module = operation.view_func.__module__
        package, is_part, _part = module.partition(".api.")
        if is_part:
            module = f"{package}.api"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


def document_errors(operation: dict[str, Any], *, method: str, has_path_ids: bool) -> None:
    """Add the error answers an operation can give, from what it takes: authentication (401,
    403), ids in the path (404), any input (422), a body (400, 413), a write (429). Statuses a route
    declares itself (a 409, a 404 for an id in the body) are kept."""
    statuses = set()
    if operation.get("security"):
        statuses |= {401, 403}
        if method in WRITE_METHODS:
            statuses.add(429)
    if has_path_ids:
        statuses.add(404)
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.add(422)
    if operation.get("requestBody"):
        statuses |= {400, 413}
    responses = operation["responses"]
    # Ninja keys responses by the int status; json.dumps writes them as the strings OpenAPI wants.
    for status in sorted(statuses | {int(s) for s in responses if int(s) >= 400}):
        responses.pop(str(status), None)
        responses[status] = {
            "description": ERROR_DESCRIPTIONS.get(status, "An error."),
            "content": {"application/json": {"schema": ERROR_REF}},
        }


api = AlongsideAPI(
    title="Alongside API",
    # Deep links put a link inside each operation's button, which screen readers cannot reach.
    docs=Swagger(settings={"deepLinking": False}),
    version="1",
    description=(
        "Everything a person can do in Alongside, as JSON. Authenticate with the session "
        "cookie (and CSRF token) or with `Authorization: Bearer <token>` from the API tokens page. "
        "Read-only tokens may only GET. Sharing, exports and token creation need the signed-in "
        "app: a token alone gets 403 `use_signed_in_app`. "
        'Every error has the shape `{"error": {"status", "code", "message", "fields"}}`, '
        "and each operation lists the error statuses it can answer.\n\n"
        "Request bodies are strict: a field the operation does not define is refused with a 422 "
        "naming it (nothing is silently dropped); `null` is accepted only where a field is marked "
        "nullable (leave a field out of a PATCH to keep its value); text never contains NUL "
        "characters; ids are whole numbers from 1 to 2^63-1. Unknown query parameters are ignored."
    ),
    auth=[TokenAuth(), SessionAuth()],
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
    # ninja locates errors as ("body", "payload", "field"); people want the field (which may
    # itself be called "body", as a message's or a comment's is).
    parts = [str(p) for p in loc]
    field = parts[1:] if parts[:1] in (["body"], ["query"], ["path"]) else parts
    if len(field) > 1 and field[0] in ("payload", "data"):
        field = field[1:]
    return ".".join(field) or ".".join(parts)


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
    return error_response(
        request,
        401,
        "unauthenticated",
        str(_("Sign in, or send a valid API token.")),
    )


@api.exception_handler(InvalidToken)
def on_invalid_token(request: HttpRequest, exc: InvalidToken) -> HttpResponse:
    return error_response(
        request,
        401,
        "invalid_token",
        str(
            _(
                "This API token is not valid: it may have expired or been revoked. "
                "Create a new one on the API tokens page."
            )
        ),
    )


@api.exception_handler(TokenRefused)
def on_token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    return error_response(request, 403, exc.code, str(exc.message))


@api.exception_handler(CsrfRefused)
def on_csrf_refused(request: HttpRequest, exc: CsrfRefused) -> HttpResponse:
    return error_response(
        request,
        403,
        "csrf_failed",
        str(
            _(
                "This request came without the page's CSRF token. Reload the page and try again, "
                "or use an API token instead of the session."
            )
        ),
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "Not found.")


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(
        request, 403, "forbidden", str(exc) or "You may see this but not change it."
    )


@api.exception_handler(SensitiveActionRefused)
def on_sensitive_action_refused(request: HttpRequest, exc: SensitiveActionRefused) -> HttpResponse:
    return error_response(request, exc.status, exc.code, str(exc.message))


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    response = error_response(request, exc.status, exc.code, exc.message)
    for name, value in exc.headers.items():
        response[name] = value
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


class MethodNotAllowedMiddleware:
    """Ninja answers a method that a path does not take with a plain-text 405; the API's
    clients get the one error shape instead, with the Allow header kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or not request.path.startswith(API_PREFIX):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        allowed = response.get("Allow", "")
        answer = error_response(
            request,
            405,
            "method_not_allowed",
            _("%(method)s is not accepted here. Use: %(allowed)s.")
            % {"method": request.method, "allowed": allowed},
        )
        answer["Allow"] = allowed
        return answer


def register_routers() -> None:
    from alongside.accounts.api import router as accounts_router
    from alongside.assessments.api import router as assessments_router
    from alongside.caseload.api import router as caseload_router
    from alongside.counseling.api import router as counseling_router
    from alongside.housing.api import router as housing_router
    from alongside.journey.api import router as journey_router
    from alongside.matching.api import router as matching_router
    from alongside.meetings.api import router as meetings_router
    from alongside.messaging.api import router as messaging_router
    from alongside.notifications.api import router as notifications_router
    from alongside.outcomes.api import router as outcomes_router
    from alongside.peers.api import router as peers_router
    from alongside.privacy.api import router as privacy_router
    from alongside.resources.api import router as resources_router
    from alongside.support.api import router as support_router
    from alongside.training.api import router as training_router

    api.add_router("/", accounts_router)
    api.add_router("/", privacy_router)
    api.add_router("/", journey_router)
    api.add_router("/", meetings_router)
    api.add_router("/", assessments_router)
    api.add_router("/", resources_router)
    api.add_router("/", notifications_router)
    api.add_router("/", messaging_router)
    api.add_router("/", support_router)
    api.add_router("/", peers_router)
    api.add_router("/", caseload_router)
    api.add_router("/", training_router)
    api.add_router("/", outcomes_router)
    api.add_router("/", matching_router)
    api.add_router("/", counseling_router)
    api.add_router("/", housing_router)
    api.add_router("/", "alongside.family.api.router")
    api.add_router("/", "alongside.rooms.api.router")
    api.add_router("/", "alongside.community.api.router")


register_routers()
