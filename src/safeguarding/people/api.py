"""The people API: link explanations, practitioners' link decisions and the clerical-review queue.

Views are thin: fetch through `people.access`, guard, call `people.linking`, serialise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safeguarding.people import access, linking
from safeguarding.people.features import features_of
from safeguarding.people.model_spec import load_model
from safeguarding.people.models import LinkDecision

# ---------------------------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------------------------


class MentionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="record.agency.code")
    record_id = serializers.CharField(source="record.record_id")
    ref = serializers.CharField()
    role = serializers.CharField()
    name = serializers.CharField()
    dob = serializers.CharField()
    gender = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    match_probability = serializers.FloatField(
        allow_null=True, help_text="Its strongest link when it was linked."
    )


class ComparisonSerializer(serializers.Serializer):
    comparison = serializers.CharField()
    description = serializers.CharField()
    level = serializers.CharField(help_text="The comparison level that applied to this pair.")
    level_index = serializers.IntegerField()
    m_probability = serializers.FloatField(allow_null=True, help_text="Null for a level that says nothing.")
    u_probability = serializers.FloatField(allow_null=True)
    bayes_factor = serializers.FloatField()
    match_weight = serializers.FloatField(
        help_text="log2 of the Bayes factor: positive for, negative against."
    )


class ModelSerializer(serializers.Serializer):
    name = serializers.CharField()
    path = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.ChoiceField(choices=LinkDecision.Kind.choices)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    person_a = serializers.IntegerField(source="person_a_id", allow_null=True)
    person_b = serializers.IntegerField(source="person_b_id", allow_null=True)
    is_active = serializers.BooleanField()


class DecisionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.CharField()


class ExplanationSerializer(serializers.Serializer):
    mention_a = serializers.IntegerField()
    mention_b = serializers.IntegerField()
    comparisons = ComparisonSerializer(many=True)
    prior = serializers.FloatField(help_text="Probability that two mentions picked at random are one person.")
    prior_match_weight = serializers.FloatField()
    match_weight = serializers.FloatField()
    match_probability = serializers.FloatField()
    same_person = serializers.BooleanField()
    same_record = serializers.BooleanField()
    model = ModelSerializer()
    link_threshold = serializers.FloatField()
    review_threshold = serializers.FloatField()
    decisions = DecisionBriefSerializer(many=True)
    shared_associates = serializers.DictField(help_text="Evidence of the shared-associates step, if any.")
    agency_caseload = serializers.DictField(help_text="Evidence of the agency-caseload step, if any.")
    context_note = serializers.CharField(
        allow_blank=True,
        help_text='What placed a sparse mention after the model ("The only Valerie known to ...").',
    )


class LinkSerializer(serializers.Serializer):
    mention = MentionSerializer()
    strongest_link_to = serializers.IntegerField(allow_null=True, help_text="Mention id it matches best.")
    match_probability = serializers.FloatField(allow_null=True)


class PersonLinksSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    display_name = serializers.CharField()
    model = ModelSerializer()
    links = LinkSerializer(many=True)
    mentions_not_shown = serializers.IntegerField(help_text="Mentions in records you may not see.")
    decisions = DecisionSerializer(many=True)


class ReviewItemSerializer(serializers.Serializer):
    mention_a = serializers.IntegerField()
    mention_b = serializers.IntegerField()
    person_a = serializers.IntegerField()
    person_b = serializers.IntegerField()
    match_probability = serializers.FloatField()
    uncertainty = serializers.FloatField(help_text="|match weight|: the smaller, the more uncertain.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why: kept in the audit trail.")


def _finite(value: Any) -> Any:
    """JSON has no infinity: a certain Bayes factor is shown as the largest float."""
    if isinstance(value, float) and math.isinf(value):
        return math.copysign(1.7976931348623157e308, value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


class MentionExplainView(APIView):
    @extend_schema(
        summary="Why two mentions are (or are not) the same person",
        responses={200: ExplanationSerializer, 404: OpenApiResponse(description="No such mention")},
    )
    def get(self, request: Request, mention_a: int, mention_b: int) -> Response:
        a = access.get_mention_for_user(request.user, mention_a, request._request)
        b = access.get_mention_for_user(request.user, mention_b, request._request)
        return Response(ExplanationSerializer(_finite(linking.explain(a, b))).data)


class PersonLinksView(APIView):
    # Scoring every pair is quadratic: beyond this many mentions, each is scored against a sample.
    MAX_PAIRWISE = 400

    @extend_schema(
        summary="A person's mentions, each with its strongest link, and the decisions about them",
        responses={200: PersonLinksSerializer, 404: OpenApiResponse(description="No such person")},
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = access.get_person_for_user(request.user, person_id, request._request)
        mentions = list(access.visible_mentions(request.user, person).order_by("id"))
        total = person.mentions.count()
        model = load_model()
        feats = [features_of(m) for m in mentions]
        pool = list(range(min(len(mentions), self.MAX_PAIRWISE)))
        links = []
        shown = access.redacted(request.user, mentions, request._request)
        for i, mention in enumerate(mentions):
            best_j, best_p = None, None
            for j in pool:
                if j == i or mentions[j].record_id == mention.record_id:
                    continue
                p = model.score(feats[i], feats[j])
                if best_p is None or p > best_p:
                    best_j, best_p = j, p
            links.append(
                {
                    "mention": shown[i],
                    "strongest_link_to": mentions[best_j].pk if best_j is not None else None,
                    "match_probability": best_p,
                }
            )
        ids = [m.pk for m in person.mentions.all()]
        decisions = [
            d
            for d in LinkDecision.objects.select_related("decided_by")
            if set(ids) & set(d.side_a + d.side_b)
        ]
        data = {
            "person": person.pk,
            "display_name": person.display_name,
            "model": {"name": model.name, "path": str(model.path)},
            "links": links,
            "mentions_not_shown": total - len(mentions),
            "decisions": decisions,
        }
        return Response(PersonLinksSerializer(data).data)


def _decide(request: Request, people: list[Any], verb: Callable[[Any, str], LinkDecision]) -> Response:
    """Guard, read the reason, call the linking verb with (user, reason), answer 201 with the decision.

    The guard comes before the reason so that a refused user learns nothing from validation errors;
    a decision the data cannot support (`LinkingError`) is the caller's mistake, hence 400.
    """
    if not access.may_decide(request.user, people):
        raise PermissionDenied("You may not change links between these people.")
    serializer = ReasonSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        decision = verb(request.user, str(serializer.validated_data["reason"]))
    except linking.LinkingError as exc:
        raise ValidationError({"detail": str(exc)}) from exc
    return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class ConfirmLinkView(APIView):
    @extend_schema(
        summary="Confirm that two mentions are the same person",
        request=ReasonSerializer,
        responses={201: DecisionSerializer, 400: OpenApiResponse(description="Cannot be the same person"),
                   403: OpenApiResponse(description="Not allowed"), 404: OpenApiResponse(description="No such mention")},
    )  # fmt: skip
    def post(self, request: Request, mention_a: int, mention_b: int) -> Response:
        a = access.get_mention_for_user(request.user, mention_a, request._request)
        b = access.get_mention_for_user(request.user, mention_b, request._request)
        return _decide(request, [a.person_id, b.person_id], partial(linking.confirm_link, a, b))


class SplitMentionView(APIView):
    @extend_schema(
        summary="Split a mention off its person",
        request=ReasonSerializer,
        responses={201: DecisionSerializer, 403: OpenApiResponse(description="Not allowed"),
                   404: OpenApiResponse(description="No such mention")},
    )  # fmt: skip
    def post(self, request: Request, mention_id: int) -> Response:
        mention = access.get_mention_for_user(request.user, mention_id, request._request)
        return _decide(request, [mention.person_id], partial(linking.split_mention, mention))


class NotSameView(APIView):
    @extend_schema(
        summary="Record that two people are not the same person",
        request=ReasonSerializer,
        responses={201: DecisionSerializer, 400: OpenApiResponse(description="The same person twice"),
                   403: OpenApiResponse(description="Not allowed"), 404: OpenApiResponse(description="No such person")},
    )  # fmt: skip
    def post(self, request: Request, person_a: int, person_b: int) -> Response:
        a = access.get_person_for_user(request.user, person_a, request._request)
        b = access.get_person_for_user(request.user, person_b, request._request)
        return _decide(request, [a, b], partial(linking.mark_not_same, a, b))


class ReviewQueueView(APIView):
    @extend_schema(
        summary="Uncertain links for clerical review, most uncertain first",
        responses={200: ReviewItemSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        visible = access.visible_people(request.user).values_list("pk", flat=True)
        items = linking.review_queue(limit=200, person_ids=list(visible))
        return Response(ReviewItemSerializer(items, many=True).data)
