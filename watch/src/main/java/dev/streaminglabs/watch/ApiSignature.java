package dev.streaminglabs.watch;

import java.util.Set;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * What other classes can see of a class: its kind, modifiers, supertypes and every member that is not private
 * (name, modifiers, type, and a constant's value, which the compiler copies into its callers), nested classes
 * included. Two compilations of a file with the same signature need no caller to be compiled again: a step's answer
 * changes method bodies, which no caller sees.
 */
final class ApiSignature {

    private ApiSignature() {
    }

    static String of(TypeElement type) {
        var text = new StringBuilder();
        append(text, type);
        return text.toString();
    }

    private static void append(StringBuilder text, TypeElement type) {
        text.append(type.getKind()).append(' ').append(type.getModifiers()).append(' ')
                .append(type.getQualifiedName()).append(type.getTypeParameters())
                .append(" extends ").append(type.getSuperclass()).append(" implements ").append(type.getInterfaces())
                .append('\n');
        for (Element member : type.getEnclosedElements()) {
            Set<Modifier> modifiers = member.getModifiers();
            if (modifiers.contains(Modifier.PRIVATE)) {
                continue;
            }
            if (member instanceof TypeElement nested) {
                append(text, nested);
                continue;
            }
            text.append("  ").append(member.getKind()).append(' ').append(modifiers).append(' ')
                    .append(member.getSimpleName()).append(' ').append(member.asType());
            if (member.getKind() == ElementKind.FIELD && member instanceof VariableElement field
                    && field.getConstantValue() != null) {
                text.append(" = ").append(field.getConstantValue());
            }
            text.append('\n');
        }
    }
}
