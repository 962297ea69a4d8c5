-- Hard-skill demand: open offers asking for each skill, how many require it, how many got it from
-- the source (France Travail compétences) rather than from the text, and the share of open offers.
with totals as (
    select count(*) as open_offers from {{ ref('gold_active_offers') }}
)

select
    h.skill_id,
    min(h.skill_label) as skill_label,
    case
        when h.skill_id like 'tech-%' then 'tech'
        when h.skill_id like 'rome-%' then 'rome'
        else 'francetravail'
    end as skill_kind,
    count(*) as offers,
    sum(case when h.required then 1 else 0 end) as required_offers,
    sum(case when h.origin = 'source' then 1 else 0 end) as source_offers,
    round(count(*) * 1.0 / max(t.open_offers), 4) as share
from {{ ref('silver_offer_hard_skills') }} as h
inner join {{ ref('gold_active_offers') }} as o on o.offer_id = h.offer_id
cross join totals as t
group by h.skill_id
