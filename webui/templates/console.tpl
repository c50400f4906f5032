{{%AUTOESCAPE context="HTML"}}<h1>Console</h1>
<p>Bonjour <strong>{{DISPLAY_NAME}}</strong>. Votre session est ouverte avec l'identifiant <code>{{USERNAME}}</code> et le rôle <strong id="console-role">{{ROLE_LABEL}}</strong>.</p>
<p>Votre session expire après {{IDLE_MINUTES}} minutes d'inactivité.</p>
<section aria-labelledby="modules">
<h2 id="modules">Vos espaces</h2>
<ul class="cards">
{{#MODULE}}<li class="card"><h3>{{NAME}}</h3><p>{{DESCRIPTION}}</p>{{#LINK}}<a href="{{HREF}}">{{LABEL}}</a>{{/LINK}}</li>
{{/MODULE}}
</ul>
</section>
