"""*Missing terms*: what readers searched for and did not find, most searched first."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from terms import missing
from terms.models import MissingSearch


class ListedFilter(admin.SimpleListFilter):
    """Show the queries still on the list unless dismissed ones are asked for."""

    title = "listed"
    parameter_name = "dismissed"

    def lookups(self, request, model_admin):
        return [("1", "Dismissed")]

    def choices(self, changelist):
        for value, label in [(None, "Open"), ("1", "Dismissed")]:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {}, [self.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        return queryset.filter(dismissed=self.value() == "1")


@admin.register(MissingSearch)
class MissingSearchAdmin(admin.ModelAdmin):
    list_display = ["query", "count", "first_seen", "last_seen"]
    list_filter = [ListedFilter]
    search_fields = ["query"]
    fields = ["query", "count", "first_seen", "last_seen", "dismissed"]
    readonly_fields = ["query", "count", "first_seen", "last_seen"]
    actions = ["dismiss", "put_back"]

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        missing.flush()  # this process's latest counts; other processes' within a minute
        return super().changelist_view(request, extra_context)

    def get_list_display(self, request):
        if request.user.has_perm("terms.add_term"):
            return [*self.list_display, "create_term"]
        return self.list_display

    @admin.display(description="")
    def create_term(self, obj: MissingSearch) -> str:
        url = reverse("admin:terms_term_add") + "?" + urlencode({"title": obj.query})
        return format_html('<a class="button" href="{}">Create term</a>', url)

    @admin.action(description="Dismiss selected queries", permissions=["change"])
    def dismiss(self, request, queryset):
        count = queryset.update(dismissed=True)
        self.message_user(request, f"Dismissed {count} quer{'y' if count == 1 else 'ies'}.")

    @admin.action(description="Put selected queries back on the list", permissions=["change"])
    def put_back(self, request, queryset):
        count = queryset.update(dismissed=False)
        self.message_user(request, f"Put {count} quer{'y' if count == 1 else 'ies'} back.")
