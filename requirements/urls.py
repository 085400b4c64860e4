"""URLs of the requirements app."""

app_name = "requirements"
urlpatterns: list = []
