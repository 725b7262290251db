"""Shared by the list pages: page size and the query string of a filtered list."""

from urllib.parse import urlencode

from werkcoach.typen import AuthenticatedHttpRequest

PER_PAGINA = 25


def querystring(request: AuthenticatedHttpRequest, **wijzig) -> str:
    params = request.GET.copy()
    for key, value in wijzig.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return urlencode(sorted((k, v) for k, v in params.items() if v))
