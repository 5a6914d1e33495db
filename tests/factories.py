import datetime as dt

import factory

from accounts.models import Membership, Organization, User
from accounts.roles import Role
from inventory.models import Category, Channel, Product, SetComponent, Supplier

PASSWORD = "test-password-123"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Seller {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MASTER


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Supplier {n}")
    lead_time_days = 14


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Channel {n}")
    kind = Channel.Kind.COUPANG


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    organization = factory.SubFactory(OrganizationFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:04d}")
    name = factory.Sequence(lambda n: f"상품 {n}")
    moq = 1
    # As the catalog service does: an entered safety stock is manual, none automatic.
    safety_stock = 0
    safety_stock_mode = factory.LazyAttribute(
        lambda o: "manual" if o.safety_stock else "automatic"
    )


class SetComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SetComponent

    organization = factory.LazyAttribute(lambda o: o.set_product.organization)
    set_product = factory.SubFactory(ProductFactory, kind=Product.Kind.SET)
    component = factory.SubFactory(
        ProductFactory, organization=factory.SelfAttribute("..organization")
    )
    quantity = 1


TODAY = dt.date(2026, 11, 27)
