"""Products (with set components), listings, suppliers, categories, channels."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from inventory import selectors
from inventory.services import catalog

from ..serializers.catalog import (
    CategorySerializer,
    ChannelSerializer,
    ListingSerializer,
    OnHandSerializer,
    ProductFilterSerializer,
    ProductSerializer,
    SetComponentSerializer,
    SupplierSerializer,
)
from .base import ApiViewSet

CATALOG = {"read": Perm.VIEW, "write": Perm.CATALOG_MANAGE}


def _on_hand(organization, product) -> int:
    if product.is_set:
        return selectors.set_available_quantity(organization=organization,
                                                product=product)
    return product.on_hand


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("search", str, description="SKU, PlayAuto SKU, name"),
        OpenApiParameter("category", int), OpenApiParameter("supplier", int),
        OpenApiParameter("kind", str, enum=["single", "set"]),
        OpenApiParameter("active", str, enum=["true", "false", "all"],
                         description="Default true."),
        OpenApiParameter("ordering", str, enum=sorted(selectors.PRODUCT_ORDERINGS)),
    ]),
    destroy=extend_schema(description="Deactivates the product (its ledger stays)."),
)
class ProductViewSet(ApiViewSet):
    """Products of the organization."""

    access = CATALOG
    serializer_class = ProductSerializer

    def get_serializer(self, *args, **kwargs):
        kwargs.setdefault("context", {"request": self.request})
        return ProductSerializer(*args, organization=self.organization, **kwargs)

    def list(self, request):
        filters = ProductFilterSerializer(data=request.query_params,
                                          orderings=selectors.PRODUCT_ORDERINGS)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        products = selectors.product_list(
            organization=self.organization, search=data.get("search", ""),
            category_id=data.get("category"), supplier_id=data.get("supplier"),
            kind=data.get("kind", ""), active=data["active"],
            ordering=data["ordering"],
        )
        return self.paginated(products, ProductSerializer)

    def retrieve(self, request, pk=None):
        product = self.fetch(selectors.product_get, product_id=pk)
        return Response(self.get_serializer(product).data)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = catalog.product_create(
            organization=self.organization, user=self.actor,
            **serializer.validated_data)
        return Response(self.get_serializer(product).data,
                        status=status.HTTP_201_CREATED)

    def _update(self, request, pk, partial: bool):
        product = self.fetch(selectors.product_get, product_id=pk)
        serializer = self.get_serializer(product, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        product = catalog.product_update(
            organization=self.organization, product=product, user=self.actor,
            **serializer.validated_data)
        return Response(self.get_serializer(product).data)

    def update(self, request, pk=None):
        return self._update(request, pk, partial=False)

    def partial_update(self, request, pk=None):
        return self._update(request, pk, partial=True)

    def destroy(self, request, pk=None):
        product = self.fetch(selectors.product_get, product_id=pk)
        catalog.product_set_active(organization=self.organization, product=product,
                                   user=self.actor, active=False)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=OnHandSerializer)
    @action(detail=True, methods=["get"], url_path="on-hand")
    def on_hand(self, request, pk=None):
        """Units on hand; a set's is the minimum over its components."""
        product = self.fetch(selectors.product_get, product_id=pk)
        return Response(OnHandSerializer({
            "product": product.pk, "sku": product.sku, "kind": product.kind,
            "on_hand": _on_hand(self.organization, product)}).data)

    @extend_schema(methods=["GET"], responses=SetComponentSerializer(many=True))
    @extend_schema(methods=["POST"], request=SetComponentSerializer,
                   responses={201: SetComponentSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=SetComponentSerializer)
    def components(self, request, pk=None):
        """A set's components; POST adds one (or changes its quantity)."""
        product = self.fetch(selectors.product_get, product_id=pk)
        if request.method == "GET":
            parts = selectors.set_components(organization=self.organization,
                                             product=product)
            return self.paginated(parts.order_by("pk"), SetComponentSerializer)
        serializer = SetComponentSerializer(data=request.data,
                                            organization=self.organization)
        serializer.is_valid(raise_exception=True)
        line = catalog.set_component_add(
            organization=self.organization, set_product=product,
            component=serializer.validated_data["component"],
            quantity=serializer.validated_data["quantity"])
        return Response(SetComponentSerializer(line).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"],
            url_path=r"components/(?P<line_id>\d+)", url_name="component-remove")
    def component_remove(self, request, pk=None, line_id=None):
        """Remove one component line from a set."""
        product = self.fetch(selectors.product_get, product_id=pk)
        catalog.set_component_remove(organization=self.organization,
                                     set_product=product, component_line_id=int(line_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ListingViewSet(ApiViewSet):
    """Channel product/option codes mapped to products."""

    access = CATALOG
    serializer_class = ListingSerializer

    def list(self, request):
        rows = selectors.channel_listing_list(organization=self.organization).order_by("pk")
        return self.paginated(rows, ListingSerializer)

    def create(self, request):
        serializer = ListingSerializer(data=request.data,
                                       organization=self.organization)
        serializer.is_valid(raise_exception=True)
        listing = catalog.listing_create(organization=self.organization,
                                         **serializer.validated_data)
        return Response(ListingSerializer(listing).data,
                        status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        from django.core.exceptions import ValidationError
        from rest_framework.exceptions import NotFound

        try:
            catalog.listing_delete(organization=self.organization, listing_id=int(pk))
        except ValidationError:
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)


def _named_viewset(model_name: str, serializer_class, *, list_selector, get_selector,
                   create, update, id_name: str):
    """A list/retrieve/create/update viewset over one named catalog table."""

    class NamedViewSet(ApiViewSet):
        access = CATALOG

        def list(self, request):
            return self.paginated(list_selector(organization=self.organization),
                                  serializer_class)

        def retrieve(self, request, pk=None):
            row = self.fetch(get_selector, **{id_name: pk})
            return Response(serializer_class(row).data)

        def create(self, request):
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            row = create(organization=self.organization, **serializer.validated_data)
            return Response(serializer_class(row).data, status=status.HTTP_201_CREATED)

        def partial_update(self, request, pk=None):
            row = self.fetch(get_selector, **{id_name: pk})
            serializer = serializer_class(row, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            fields = {"name": row.name, **serializer.validated_data}
            row = update(organization=self.organization, **{model_name: row}, **fields)
            return Response(serializer_class(row).data)

    NamedViewSet.serializer_class = serializer_class
    NamedViewSet.__name__ = f"{model_name.title()}ViewSet"
    NamedViewSet.__qualname__ = NamedViewSet.__name__
    return NamedViewSet


SupplierViewSet = _named_viewset(
    "supplier", SupplierSerializer, list_selector=selectors.supplier_list,
    get_selector=selectors.supplier_get, create=catalog.supplier_create,
    update=catalog.supplier_update, id_name="supplier_id")
CategoryViewSet = _named_viewset(
    "category", CategorySerializer, list_selector=selectors.category_list,
    get_selector=selectors.category_get, create=catalog.category_create,
    update=catalog.category_update, id_name="category_id")
ChannelViewSet = _named_viewset(
    "channel", ChannelSerializer, list_selector=selectors.channel_list,
    get_selector=selectors.channel_get, create=catalog.channel_create,
    update=catalog.channel_update, id_name="channel_id")
