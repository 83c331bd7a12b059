"""The newsroom server's addresses (Vietnamese paths for staff pages)."""

from django.urls import path, re_path
from django.views.generic.base import RedirectView

from tintuc.newsroom import (
    views_admin,
    views_api,
    views_auth,
    views_bulletin,
    views_quick,
    views_staff,
)

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/"), name="home"),
    path("dang-nhap/", views_auth.sign_in, name="sign_in"),
    path("dang-xuat/", views_auth.sign_out, name="sign_out"),
    path("api/v1", views_api.api, name="api"),
    path("api/cong-bo", views_api.publications, name="publications"),
    path("tai-khoan/", views_staff.account_list, name="accounts"),
    path("tai-khoan/them/", views_staff.account_edit, name="account_add"),
    path("tai-khoan/<str:username>/", views_staff.account_edit, name="account"),
    path(
        "tai-khoan/<str:username>/hoat-dong/",
        views_staff.account_active,
        name="account_active",
    ),
    path(
        "tai-khoan/<str:username>/mat-khau/",
        views_staff.account_password,
        name="account_password",
    ),
    path("tai-khoan-cua-toi/", views_staff.own_account, name="own_account"),
    path("tinh-trang/", views_staff.publishing_status, name="status"),
    path("ban-tin/", views_bulletin.bulletin, name="bulletin"),
    path("ban-tin/<str:kind>", views_bulletin.bulletin, name="bulletin_file"),
    path("nhat-ky/", views_staff.audit_log, name="audit"),
    path("nhat-ky.csv", views_staff.audit_csv, name="audit_csv"),
    path("gui-tin/", views_quick.quick_story, name="quick_story"),
    path("tai-nguyen/gui-tin.js", views_quick.script, name="quick_script"),
    path("tai-nguyen/toa-soan.css", views_admin.stylesheet, name="stylesheet"),
    path(
        "tai-nguyen/trinh-don.css",
        views_admin.menu_stylesheet,
        name="menu_stylesheet",
    ),
    path("tai-nguyen/dang-nhap.js", views_auth.script, name="sign_in_script"),
    path("favicon.ico", views_admin.favicon, name="favicon"),
    path("vai-tro/", views_admin.role, name="role"),
    re_path(r"^admin/(?P<path>.*)$", views_admin.decap, name="decap"),
    re_path(r"^theme/(?P<path>.+)$", views_admin.theme, name="theme"),
]
