"""OpenAPI schema helpers: the schema documents the project's own API under /api/ only."""


def only_project_endpoints(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
