{{%AUTOESCAPE context="HTML"}}<h1>Portail de transparence : les projets qui utilisent les données de CONTACT</h1>
<p class="callout">Chaque projet de recherche ou d'étude qui réutilise les données de l'entrepôt CONTACT reçoit d'abord un avis motivé du comité scientifique et éthique, où siègent des représentants des patients. Il est publié ici <strong>avant</strong> tout accès aux données, pour que vous puissiez vous y opposer. Vous pouvez vous opposer à un seul projet, ou à toute réutilisation de vos données depuis la page <a href="/opposition">M'opposer</a>.</p>
<p>{{COUNT}} projet(s) publié(s). Les mêmes informations sont disponibles au format JSON : <a href="/api/v1/public/projects"><code>/api/v1/public/projects</code></a>.</p>
<p><a href="/projets/comites" id="lien-comites">Les comités et les déclarations d'intérêts de leurs membres</a></p>
{{#NONE}}<p id="aucun-projet">Aucun projet n'a encore été publié.</p>{{/NONE}}
{{#PROJECT}}
<article class="gov-project" id="projet-{{REFERENCE}}" aria-labelledby="titre-{{REFERENCE}}">
  <h2 id="titre-{{REFERENCE}}">{{TITLE}}</h2>
  <p class="gov-meta"><span class="gov-ref">{{REFERENCE}}</span> <span class="gov-status gov-status-{{STATUS}}">{{STATUS_LABEL}}</span></p>
  <p>{{SUMMARY}}</p>
  <dl class="gov-facts">
    <dt>Finalité</dt><dd>{{PURPOSE_LABEL}}</dd>
    <dt>Organisme</dt><dd>{{ORGANISATION}}</dd>
    <dt>Responsable scientifique</dt><dd>{{INVESTIGATOR}}</dd>
    <dt>Données utilisées</dt><dd>{{DOMAINS}}{{#DATA_DESCRIPTION}} — {{TEXT}}{{/DATA_DESCRIPTION}}</dd>
    <dt>Destinataires</dt><dd>{{RECIPIENTS}}</dd>
    <dt>Durée prévue</dt><dd>{{DURATION}} mois</dd>
    <dt>Base légale et formalité</dt><dd>{{LEGAL_BASIS}} — {{FORMALITY}}{{#FORMALITY_REF}} ({{TEXT}}){{/FORMALITY_REF}}</dd>
    {{#HDH}}<dt>Répertoire public du Health Data Hub</dt><dd class="hdh-number">projet n° {{TEXT}}</dd>{{/HDH}}
    <dt>Avis du comité</dt><dd>{{#OPINION}}{{LABEL}} du {{COMMITTEE}}, le {{DATE}}{{#CONDITIONS}}. Conditions : {{TEXT}}{{/CONDITIONS}}{{/OPINION}}{{#NO_OPINION}}En attente{{/NO_OPINION}}</dd>
    <dt>Publié le</dt><dd>{{PUBLISHED}}</dd>
  </dl>
  <p><a href="/projets/{{REFERENCE}}" class="gov-details">Fiche complète du projet {{REFERENCE}} : financement, calendrier, sources, variables sensibles, résultats, notice</a></p>
  <p><a class="button gov-object" href="/opposition?projet={{REFERENCE}}">M'opposer à l'utilisation de mes données pour ce projet</a></p>
</article>
{{/PROJECT}}
<section aria-labelledby="decisions-comite" id="decisions-comite-section">
<h2 id="decisions-comite">Décisions des comités hors projet</h2>
<p>Les comités adoptent aussi des décisions qui ne portent pas sur un projet : la charte de l'entrepôt, les règles d'accès aux données, les priorités. Elles sont prises en séance, avec le même quorum, les mêmes votes et la même double signature que les avis sur les projets.</p>
{{#NO_TOPIC_DECISION}}<p id="aucune-decision">Aucune décision publiée.</p>{{/NO_TOPIC_DECISION}}
{{#TOPIC_DECISION}}
<article class="gov-project{{#REPLACED}} gov-replaced{{/REPLACED}}" id="decision-{{ID}}" aria-labelledby="decision-titre-{{ID}}">
  <h3 id="decision-titre-{{ID}}">{{CATEGORY}} — {{TITLE}}{{#REPLACED}} <span id="decision-{{ID}}-remplacee">(remplacée)</span>{{/REPLACED}}</h3>
  {{#REPLACED}}<p class="alert" id="decision-{{ID}}-remplacement"><strong>Cette décision n'est plus en vigueur</strong> : elle a été remplacée le {{DATE}} par {{#BY_PUBLIC}}la <a href="#decision-{{BY}}">décision n° {{BY}}</a>{{/BY_PUBLIC}}{{#BY_NOT_PUBLIC}}la décision n° {{BY}}, qui n'est pas publiée sur ce portail{{/BY_NOT_PUBLIC}}.</p>{{/REPLACED}}
  <p class="gov-meta">{{COMMITTEE}}, séance du {{DATE}} : <strong>{{OUTCOME}}</strong>{{#AMENDS}} (modifie la <a href="#decision-{{ID}}">décision n° {{ID}}</a>){{/AMENDS}}</p>
  <p class="pre">{{REASONS:pre_escape}}</p>
  {{#CONDITIONS}}<p>Réserves : {{TEXT}}</p>{{/CONDITIONS}}
  <p class="hint">Décision n° {{ID}}, {{#CURRENT}}en vigueur depuis le {{IN_FORCE}}{{/CURRENT}}{{#REPLACED}}en vigueur du {{IN_FORCE}} au {{DATE}}{{/REPLACED}}.</p>
</article>
{{/TOPIC_DECISION}}
</section>
