"""The admin site: the glossary's own section first, tools editors never need grouped last."""

from django.contrib import admin

# Topics are taggit tags: editors rename and merge them from the glossary's section.
GLOSSARY_GUESTS = {"taggit": "Topics"}
# Sections only a superuser sees, folded into one at the end of the home page.
BACK_OFFICE = {"axes"}
BACK_OFFICE_NAME = "Sign-in security (logins and lockouts)"


class GlossaryAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """Return the sections, with topics in the glossary's and sign-in logs folded last."""
        app_list = super().get_app_list(request, app_label)
        if app_label:
            return app_list
        by_label = {app["app_label"]: app for app in app_list}
        glossary = by_label.get("terms")
        back_office = []
        kept = []
        for app in app_list:
            if glossary and app["app_label"] in GLOSSARY_GUESTS:
                for model in app["models"]:
                    model["name"] = GLOSSARY_GUESTS[app["app_label"]]
                glossary["models"].extend(app["models"])
            elif app["app_label"] in BACK_OFFICE:
                back_office.extend(app["models"])
            else:
                kept.append(app)
        if glossary:
            glossary["models"].sort(key=lambda model: model["name"])
            kept.remove(glossary)
            kept.insert(0, glossary)
        if back_office:
            first = by_label[next(label for label in by_label if label in BACK_OFFICE)]
            kept.append({**first, "name": BACK_OFFICE_NAME, "models": back_office})
        return kept
