from django.contrib import admin

from alianza.evidence.models import Dataset, DatasetUpload, Entity, StudentRun


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("source_name", "kind", "school_year", "origin", "status", "row_count",
                    "figure_count", "imported_at")
    list_filter = ("kind", "origin", "status", "school_year")
    search_fields = ("source_name", "sha256")
    readonly_fields = [f.name for f in Dataset._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # versions come from imports only


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "cds_code", "county_name")
    list_filter = ("level",)
    search_fields = ("name", "cds_code")


@admin.register(DatasetUpload)
class DatasetUploadAdmin(admin.ModelAdmin):
    list_display = ("original_name", "status", "created_at", "created_by")
    list_filter = ("status",)


@admin.register(StudentRun)
class StudentRunAdmin(admin.ModelAdmin):
    list_display = ("original_name", "district_code", "status", "school_year", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in StudentRun._meta.fields]
