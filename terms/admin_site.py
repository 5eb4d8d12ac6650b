"""The admin site: the glossary's own section first, tools editors never need grouped last."""

from django.contrib import admin
from django.urls import path
from django.views.decorators.http import require_POST

# Sections only a superuser sees, folded into one at the end of the home page.
BACK_OFFICE = {"axes"}
BACK_OFFICE_NAME = "Sign-in security (logins and lockouts)"


class GlossaryAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """Return the sections, the glossary's first and sign-in logs folded last."""
        app_list = super().get_app_list(request, app_label)
        if app_label:
            return app_list
        glossary = [app for app in app_list if app["app_label"] == "terms"]
        back_office = [app for app in app_list if app["app_label"] in BACK_OFFICE]
        kept = glossary + [app for app in app_list if app not in glossary + back_office]
        if back_office:
            models = [model for app in back_office for model in app["models"]]
            kept.append({**back_office[0], "name": BACK_OFFICE_NAME, "models": models})
        return kept


def object_path(admin_site: admin.AdminSite, route: str, view, name: str):
    """Return the URL of an admin action on one object (POST only): <object_id>/<route>/."""
    return path(f"<path:object_id>/{route}/", admin_site.admin_view(require_POST(view)), name=name)
