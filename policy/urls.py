from django.urls import path

from . import views
from .views.late import late_options
from .views.product_policy import product_policy_set_view
from .views.purchase_orders import po_document_download, po_document_view

app_name = "policy"

urlpatterns = [
    path("", views.recommendation_list, name="recommendation_list"),
    path("sheet.xlsx", views.order_sheet_download, name="order_sheet_download"),
    path("sheet/email/", views.order_sheet_email, name="order_sheet_email"),
    path("settings/", views.policy_settings, name="policy_settings"),
    path("purchase-orders/", views.po_list, name="po_list"),
    path("purchase-orders/new/", views.po_create_from_recommendations,
         name="po_create_from_recommendations"),
    path("purchase-orders/<int:pk>/", views.po_detail, name="po_detail"),
    path("purchase-orders/<int:pk>/approve/", views.po_approve, name="po_approve"),
    path("purchase-orders/<int:pk>/send/", views.po_send, name="po_send"),
    path("purchase-orders/<int:pk>/cancel/", views.po_cancel, name="po_cancel"),
    path("purchase-orders/<int:pk>/document/", po_document_view, name="po_document"),
    path("purchase-orders/<int:pk>/document.xlsx", po_document_download,
         name="po_document_xlsx"),
    path("purchase-orders/<int:pk>/receive/", views.po_receive, name="po_receive"),
    path("purchase-order-lines/<int:pk>/", views.po_line_edit, name="po_line_edit"),
    path("purchase-order-lines/<int:pk>/due-date/", views.po_line_due_date,
         name="po_line_due_date"),
    path("what-if/", views.what_if, name="what_if"),
    path("recommendations/<int:pk>/late/", late_options, name="late_options"),
]

urlpatterns += [
    path("products/<int:pk>/policy/", product_policy_set_view,
         name="product_policy_set"),
]
