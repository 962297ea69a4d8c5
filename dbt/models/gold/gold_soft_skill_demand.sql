-- Soft-skill (savoir-être) demand on the canonical list: open offers asking for each, and how many
-- of them say so in France Travail's qualitesProfessionnelles rather than only in their text.
with totals as (
    select count(*) as open_offers from {{ ref('gold_active_offers') }}
)

select
    k.soft_skill_id,
    k.label,
    k.description,
    count(s.offer_id) as offers,
    sum(case when s.origin = 'source' then 1 else 0 end) as source_offers,
    round(count(s.offer_id) * 1.0 / max(t.open_offers), 4) as share
from {{ ref('soft_skills') }} as k
cross join totals as t
left join (
    select ss.offer_id, ss.soft_skill_id, ss.origin
    from {{ ref('silver_offer_soft_skills') }} as ss
    inner join {{ ref('gold_active_offers') }} as o on o.offer_id = ss.offer_id
) as s on s.soft_skill_id = k.soft_skill_id
group by k.soft_skill_id, k.label, k.description
