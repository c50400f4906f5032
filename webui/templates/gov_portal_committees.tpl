{{%AUTOESCAPE context="HTML"}}<p><a href="/projets">← Portail de transparence</a></p>
<h1>Les comités et les déclarations d'intérêts de leurs membres</h1>
<p class="callout">Chaque membre d'un comité déclare chaque année ses liens d'intérêts. Un membre qui a un lien avec un projet se retire de son examen et ne vote pas ; sa récusation figure au procès-verbal de la séance. Voici les membres en fonction aujourd'hui et le résumé public de leur dernière déclaration.</p>
{{#COMMITTEE}}
<section class="gov-project" aria-labelledby="comite-{{CODE}}-titre" id="comite-{{CODE}}">
<h2 id="comite-{{CODE}}-titre">{{NAME}}</h2>
<table>
<caption class="visually-hidden">Membres en fonction du {{NAME}}</caption>
<thead><tr><th scope="col">Membre</th><th scope="col">Fonction</th><th scope="col">Mandat</th><th scope="col">Déclaration d'intérêts</th></tr></thead>
<tbody>
{{#MEMBER}}<tr><td>{{NAME}}</td><td>{{ROLE}}</td><td>depuis le {{START}}{{#END}}, jusqu'au {{DATE}}{{/END}}</td><td>{{#DECLARATION}}{{YEAR}}, signée le {{SIGNED}} : {{SUMMARY}}{{/DECLARATION}}{{#NO_DECLARATION}}Pas encore de déclaration publiée.{{/NO_DECLARATION}}</td></tr>
{{/MEMBER}}
</tbody>
</table>
</section>
{{/COMMITTEE}}
