from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path(
        "products/<int:pk>/active/", views.product_set_active, name="product_set_active"
    ),
    path(
        "products/<int:pk>/movement/",
        views.product_movement_create,
        name="product_movement_create",
    ),
    path(
        "products/<int:pk>/components/add/",
        views.set_component_add,
        name="set_component_add",
    ),
    path(
        "products/<int:pk>/components/<int:line_pk>/remove/",
        views.set_component_remove,
        name="set_component_remove",
    ),
    path("movements/", views.movement_list, name="movement_list"),
    path("movements/export.csv", views.movement_export_csv, name="movement_export_csv"),
    path("movements/new/", views.movement_create, name="movement_create"),
    path(
        "movements/<int:pk>/reverse/",
        views.movement_reverse_view,
        name="movement_reverse",
    ),
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/new/", views.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/edit/", views.supplier_edit, name="supplier_edit"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/new/", views.channel_create, name="channel_create"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="channel_edit"),
    path("listings/", views.listing_list, name="listing_list"),
    path("listings/new/", views.listing_create, name="listing_create"),
    path("listings/<int:pk>/delete/", views.listing_delete, name="listing_delete"),
    path("uploads/", views.upload_list, name="upload_list"),
    path("uploads/new/", views.upload_start, name="upload_start"),
    path("uploads/template/", views.template_download, name="template_download"),
    path("uploads/<int:pk>/", views.upload_preview, name="upload_preview"),
    path("uploads/<int:pk>/apply/", views.upload_apply, name="upload_apply"),
    path("uploads/<int:pk>/status/", views.upload_status, name="upload_status"),
    path("uploads/<int:pk>/revert/", views.upload_revert, name="upload_revert"),
    path("uploads/<int:pk>/map-code/", views.upload_map_code, name="upload_map_code"),
]
