"""URLs of the benefits app."""

app_name = "benefits"
urlpatterns: list = []
