-- Soft skills by ROME code (the seed project's table): for each ROME code, each canonical savoir-être
-- its open offers ask for, with id, name and description, how many offers, the share of the code's
-- offers, and its rank within the code.
with per_code as (
    select rome_code, max(rome_label) as rome_label, count(*) as rome_offers
    from {{ ref('gold_active_offers') }}
    where rome_code is not null
    group by rome_code
),

counted as (
    select o.rome_code, s.soft_skill_id, count(*) as offers
    from {{ ref('silver_offer_soft_skills') }} as s
    inner join {{ ref('gold_active_offers') }} as o on o.offer_id = s.offer_id
    where o.rome_code is not null
    group by o.rome_code, s.soft_skill_id
)

select
    c.rome_code,
    p.rome_label,
    c.soft_skill_id,
    k.label as soft_skill_name,
    k.description as soft_skill_description,
    c.offers,
    round(c.offers * 1.0 / p.rome_offers, 4) as share_of_rome_offers,
    row_number() over (partition by c.rome_code order by c.offers desc, c.soft_skill_id) as rank_in_rome
from counted as c
inner join per_code as p on p.rome_code = c.rome_code
inner join {{ ref('soft_skills') }} as k on k.soft_skill_id = c.soft_skill_id
