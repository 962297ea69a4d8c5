-- Soft skills (canonical savoir-être) of each silver offer: the union over its source records.
select
    c.offer_id,
    s.soft_skill_id,
    case when max(case when s.origin = 'source' then 1 else 0 end) = 1 then 'source' else 'text' end as origin
from {{ ref('int_offer_soft_skills') }} as s
inner join {{ ref('int_offer_clusters') }} as c on c.record_id = s.record_id
group by c.offer_id, s.soft_skill_id
